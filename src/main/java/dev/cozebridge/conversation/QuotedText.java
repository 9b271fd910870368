package dev.cozebridge.conversation;

import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Cut;
import dev.cozebridge.core.Quote;
import dev.cozebridge.core.Text;

/**
 * Puts the message a question replies to in front of it, marked as quoted, so Coze knows what "is this true?" is
 * about. The quote is cut so that quote and question fit the window's character budget together; the question
 * itself is never cut.
 */
final class QuotedText {
    /** Less than this much room for the quote is not worth sending. */
    private static final int MIN_QUOTE = 20;

    private QuotedText() {}

    /**
     * @param budget the history window's character budget ({@code history.max_chars})
     */
    static String compose(String question, Quote quote, Catalog catalog, int budget) {
        if (quote == null || quote.text().isBlank()) {
            return question;
        }
        String header = catalog.get(Text.QUOTE_HEADER, quote.author());
        String quoted = quote.text().strip();
        int room = budget - question.length() - header.length() - 3;
        while (true) {
            if (room < MIN_QUOTE) {
                return question;
            }
            String clipped = quoted.length() <= room
                    ? quoted
                    : Cut.head(quoted, room - 1).stripTrailing() + "…";
            String block = header + "\n> " + clipped.replace("\n", "\n> ");
            String composed = block + "\n\n" + question;
            if (composed.length() <= budget) {
                return composed;
            }
            // every quoted line costs its "> " as well
            room -= composed.length() - budget;
        }
    }
}
