package dev.cozebridge.platform.telegram;

import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.PlatformMarkup;
import java.util.List;

/**
 * The Telegram forms of the streaming marker, footnotes and notices. Everything is Markdown that
 * {@link TelegramHtml} turns into links, bold and italics; titles and sentences are escaped so that their
 * own punctuation never becomes formatting.
 */
final class TelegramMarkup implements PlatformMarkup {

    private final Catalog catalog;

    TelegramMarkup(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String streamingMarker() {
        return " ▌";
    }

    @Override
    public String footnotes(List<Citation> citations) {
        if (citations.isEmpty()) {
            return "";
        }
        // One paragraph with hard line breaks ("\\" at line end) and escaped numbers, so the block stays
        // compact instead of becoming a heading paragraph plus a separate list.
        StringBuilder b = new StringBuilder("**")
                .append(escape(catalog.get(Text.ANSWER_SOURCES)))
                .append("**");
        int n = 1;
        for (Citation c : citations) {
            b.append("\\\n").append(n++).append("\\. ");
            if (c.url() != null && !c.url().isBlank()) {
                b.append('[')
                        .append(escape(c.title()))
                        .append("](<")
                        .append(destination(c.url()))
                        .append(">)");
            } else {
                b.append(escape(c.title()));
            }
        }
        return b.toString();
    }

    @Override
    public String notice(String sentence) {
        return "_" + escape(sentence.strip()) + "_";
    }

    /** A block quote Telegram shows collapsed: readers expand the model's thinking if they want it. */
    @Override
    public String reasoning(String text) {
        String quoted = PlatformMarkup.super.reasoning(text);
        return quoted.startsWith("> ") ? "> " + TelegramHtml.EXPANDABLE + quoted.substring(2) : quoted;
    }

    /** Backslash-escapes every ASCII punctuation character, which commonmark then shows literally. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                b.append(' ');
            } else if (c < 128 && isPunctuation(c)) {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isPunctuation(char c) {
        return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
    }

    /** A destination safe inside {@code <...>}: no angle brackets, spaces or line breaks. */
    private static String destination(String url) {
        return url.strip()
                .replace(" ", "%20")
                .replace("<", "%3C")
                .replace(">", "%3E")
                .replace("\n", "")
                .replace("\r", "");
    }
}
