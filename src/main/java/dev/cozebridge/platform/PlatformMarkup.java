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
}
