package dev.cozebridge.platform.discord;

import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.PlatformMarkup;
import java.util.List;

/**
 * Discord renders Markdown itself, so answers pass through unchanged. Sources are masked links with the URL in
 * angle brackets, which keeps Discord from unfurling an embed for each of them.
 */
final class DiscordMarkup implements PlatformMarkup {

    private final Catalog catalog;

    DiscordMarkup(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String streamingMarker() {
        return " ▌";
    }

    @Override
    public String footnotes(List<Citation> citations) {
        StringBuilder block =
                new StringBuilder("**").append(catalog.get(Text.ANSWER_SOURCES)).append("**");
        int n = 1;
        for (Citation citation : citations) {
            block.append('\n').append(n++).append(". ");
            String title = escapeTitle(citation.title());
            if (citation.url() == null || citation.url().isBlank()) {
                block.append(title);
            } else {
                block.append('[')
                        .append(title)
                        .append("](<")
                        .append(escapeUrl(citation.url()))
                        .append(">)");
            }
        }
        return block.toString();
    }

    @Override
    public String notice(String sentence) {
        return "*" + sentence.strip().replace("*", "\\*") + "*";
    }

    /** A quote in Discord's small grey subtext, so the thinking reads apart from the answer. */
    @Override
    public String reasoning(String text) {
        StringBuilder quoted = new StringBuilder();
        for (String line : text.strip().split("\n", -1)) {
            if (!quoted.isEmpty()) {
                quoted.append('\n');
            }
            quoted.append(line.isBlank() ? ">" : "> -# " + line.strip());
        }
        return quoted.toString();
    }

    /** Brackets would end the link text early; other Markdown inside a title is harmless. */
    private static String escapeTitle(String title) {
        String flat = title == null ? "" : title.strip().replaceAll("\\s+", " ");
        return flat.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
    }

    /** Inside {@code <...>} only a closing bracket or whitespace would break the link. */
    private static String escapeUrl(String url) {
        return url.strip().replace(">", "%3E").replace(" ", "%20");
    }
}
