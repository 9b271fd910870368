package dev.cozebridge.core;

/**
 * Cutting text to a platform's length limit. Limits count UTF-16 units (Java's {@code length()}, as JDA and the
 * platforms' validators do), but a cut between the two halves of a surrogate pair leaves half an emoji, which JSON
 * encoders write as an invalid UTF-8 sequence that Telegram and Discord refuse — the whole message with it. So a cut
 * never splits a pair.
 */
public final class Cut {

    private static final String ELLIPSIS = "…";

    private Cut() {}

    /** {@code text} itself when it fits in {@code max} units, else its longest whole-character head and "…". */
    public static String withEllipsis(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return head(text, max - ELLIPSIS.length()) + ELLIPSIS;
    }

    /** The longest tail of {@code text} of at most {@code max} units that does not begin with half a pair. */
    public static String tail(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int start = text.length() - Math.max(0, max);
        if (start < text.length()
                && Character.isLowSurrogate(text.charAt(start))
                && Character.isHighSurrogate(text.charAt(start - 1))) {
            start++;
        }
        return text.substring(start);
    }

    /** The longest head of {@code text} of at most {@code max} units that does not end in half a surrogate pair. */
    public static String head(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end);
    }
}
