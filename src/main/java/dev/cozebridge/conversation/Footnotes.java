package dev.cozebridge.conversation;

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

    /** Deduplicates by document id, else link, else title (in recall order) and keeps at most {@code cap}. */
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

    private static String identity(Citation c) {
        if (c.documentId() != null && !c.documentId().isBlank()) {
            return "doc:" + c.documentId();
        }
        if (c.url() != null && !c.url().isBlank()) {
            return "url:" + c.url();
        }
        return "title:" + c.title().strip();
    }
}
