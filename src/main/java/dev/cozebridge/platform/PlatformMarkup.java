package dev.cozebridge.platform;

import dev.cozebridge.core.Citation;
import java.util.List;

/** The few pieces of text whose form differs per platform. Results are Markdown the adapter can render. */
public interface PlatformMarkup {
    /** Appended to a growing answer while it streams (e.g. {@code " ▌"}). */
    String streamingMarker();

    /** The numbered sources block appended to the final answer; citations are already deduplicated and capped. */
    String footnotes(List<Citation> citations);

    /** A one-line notice appended after an answer (failure, interruption), e.g. italic text. */
    String notice(String sentence);

    /**
     * The model's chain of thought above a streaming answer, set apart from it; {@code text} is already cut to fit.
     * By default a Markdown block quote.
     */
    default String reasoning(String text) {
        StringBuilder quoted = new StringBuilder();
        for (String line : text.strip().split("\n", -1)) {
            if (!quoted.isEmpty()) {
                quoted.append('\n');
            }
            quoted.append(line.isBlank() ? ">" : "> " + line);
        }
        return quoted.toString();
    }

    /** The one status line under a streaming answer while a plugin runs; by default a notice. */
    default String status(String sentence) {
        return notice(sentence);
    }
}
