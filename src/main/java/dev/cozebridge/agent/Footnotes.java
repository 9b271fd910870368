package dev.cozebridge.agent;

import dev.cozebridge.core.Citation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chooses which knowledge sources an answer lists: first mention wins, one entry per document, a few at most. */
public final class Footnotes {

    /** More sources than this crowd the answer; the first ones recalled are the most relevant. */
    public static final int DEFAULT_CAP = 5;

    private Footnotes() {}

    /** Deduplicates by link, else document id, else title (in recall order) and keeps at most {@code cap}. */
    public static List<Citation> select(List<Citation> recalled, int cap) {
        Map<String, Citation> unique = new LinkedHashMap<>();
        for (Citation c : recalled) {
            if (c == null || c.title() == null || c.title().isBlank()) {
                continue;
            }
            unique.putIfAbsent(identity(c), c);
            if (unique.size() == cap) {
                break;
            }
        }
        return new ArrayList<>(unique.values());
    }

    /** What a reader takes for one source: its link when it has one (two documents at one URL are one source). */
    private static String identity(Citation c) {
        if (c.url() != null && !c.url().isBlank()) {
            return "url:" + c.url().strip();
        }
        if (c.documentId() != null && !c.documentId().isBlank()) {
            return "doc:" + c.documentId();
        }
        return "title:" + c.title().strip();
    }
}
