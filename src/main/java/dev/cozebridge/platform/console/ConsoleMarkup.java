package dev.cozebridge.platform.console;

import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.PlatformMarkup;
import java.util.List;

/**
 * A terminal's forms: no marker it could not erase, numbered sources with their links, notices in parentheses.
 * Shared by the terminal chat and {@code ask}, so both list an answer's sources the same way.
 */
public final class ConsoleMarkup implements PlatformMarkup {

    private final Catalog catalog;

    public ConsoleMarkup(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String streamingMarker() {
        return "";
    }

    @Override
    public String footnotes(List<Citation> citations) {
        StringBuilder out = new StringBuilder(catalog.get(Text.ANSWER_SOURCES)).append(':');
        for (int i = 0; i < citations.size(); i++) {
            Citation c = citations.get(i);
            out.append("\n[").append(i + 1).append("] ").append(c.title());
            if (c.url() != null && !c.url().isBlank()) {
                out.append(" - ").append(c.url());
            }
        }
        return out.toString();
    }

    @Override
    public String notice(String sentence) {
        return "(" + sentence + ")";
    }
}
