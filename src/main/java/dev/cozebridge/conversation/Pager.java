package dev.cozebridge.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts Markdown into messages that fit a platform's length limit. A cut prefers a paragraph break, then a line
 * break, then a space, and never falls inside a Markdown link or a bare URL (unless one alone is longer than a
 * message). A code fence open at the cut is closed there and reopened, with its language, at the start of the
 * next message. Cutting only looks at the first {@code limit} characters, so while an answer grows its earlier
 * pages stay the same.
 */
public final class Pager {

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*([^`\\s]*)");
    /** Inline links and images, also an unfinished one at the end of the text; and bare URLs. */
    private static final Pattern PROTECTED =
            Pattern.compile("!?\\[[^\\]\\n]*](?:\\([^)\\s]*(?:\\)|$))?|!?\\[[^\\]\\n]*$|\\bhttps?://\\S+");

    private static final int MIN_LIMIT = 32;

    private final int limit;

    public Pager(int limit) {
        if (limit < MIN_LIMIT) {
            throw new IllegalArgumentException("message length limit " + limit + " is below " + MIN_LIMIT);
        }
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /**
     * The first page of a text and what is left for the next message.
     *
     * @param page     the page, with a code fence closed at its end when one was open
     * @param rest     the text for the next message: a reopened fence, then the input from {@code consumed} on
     * @param consumed how many characters of the input the page used up (separators included)
     */
    public record Cut(String page, String rest, int consumed) {
        public boolean complete() {
            return rest.isEmpty();
        }

        /** The reopened fence that starts {@link #rest()}, or an empty string. */
        public String reopen(String input) {
            return rest.substring(0, rest.length() - (input.length() - consumed));
        }
    }

    /** Splits all of {@code text} into pages of at most {@link #limit()} characters. */
    public List<String> split(String text) {
        List<String> pages = new ArrayList<>();
        String rest = text;
        while (true) {
            Cut cut = cut(rest, limit);
            pages.add(cut.page());
            if (cut.complete()) {
                return pages;
            }
            rest = cut.rest();
        }
    }

    /** Cuts one page of at most {@code budget} characters (at least 32) off the front of {@code text}. */
    public Cut cut(String text, int budget) {
        if (text.length() <= budget) {
            return new Cut(text, "", text.length());
        }
        Cut cut = cutWithin(text, budget, budget);
        if (cut == null) {
            // the closing fence did not fit: cut earlier to leave room for it
            cut = cutWithin(text, budget - 5, budget);
        }
        return cut;
    }

    private Cut cutWithin(String text, int window, int budget) {
        List<int[]> spans = protectedSpans(text, Math.min(text.length(), window + 1));
        int at = bestCut(text, window, spans);
        int restStart = at;
        while (restStart < text.length() && (text.charAt(restStart) == '\n' || text.charAt(restStart) == ' ')) {
            restStart++;
        }
        String page = stripTrailing(text.substring(0, at));
        if (page.isEmpty()) {
            page = text.substring(0, window);
            restStart = window;
        }
        Fence open = openFence(page);
        String rest = text.substring(restStart);
        if (open == null) {
            return new Cut(page, rest, restStart);
        }
        String closed = page + "\n" + open.marker();
        if (closed.length() > budget) {
            return null;
        }
        return new Cut(closed, open.marker() + open.language() + "\n" + rest, restStart);
    }

    private static int bestCut(String text, int window, List<int[]> spans) {
        int floor = window / 2;
        int at = lastAllowed(text, "\n\n", window, floor, spans);
        if (at < 0) {
            at = lastAllowed(text, "\n", window, floor, spans);
        }
        if (at < 0) {
            at = lastAllowed(text, " ", window, floor / 2, spans);
        }
        if (at < 0) {
            at = hardCut(text, window, spans);
        }
        return at;
    }

    /** The last position after which to cut: before a separator at or below {@code window}, above {@code floor}. */
    private static int lastAllowed(String text, String separator, int window, int floor, List<int[]> spans) {
        int from = Math.min(window, text.length() - separator.length());
        for (int i = text.lastIndexOf(separator, from); i > floor; i = text.lastIndexOf(separator, i - 1)) {
            if (!inside(i, spans)) {
                return i;
            }
        }
        return -1;
    }

    private static int hardCut(String text, int window, List<int[]> spans) {
        for (int[] span : spans) {
            if (span[0] < window && window < span[1] && span[0] > 0) {
                return span[0];
            }
        }
        int at = window;
        if (Character.isLowSurrogate(text.charAt(at)) && Character.isHighSurrogate(text.charAt(at - 1))) {
            at--;
        }
        return at;
    }

    private static boolean inside(int position, List<int[]> spans) {
        for (int[] span : spans) {
            if (span[0] < position && position < span[1]) {
                return true;
            }
        }
        return false;
    }

    private static List<int[]> protectedSpans(String text, int upTo) {
        List<int[]> spans = new ArrayList<>();
        // look a little past the window so a link crossing it is seen whole
        int end = Math.min(text.length(), upTo + 2048);
        Matcher m = PROTECTED.matcher(text).region(0, end);
        while (m.find()) {
            if (m.start() >= upTo) {
                break;
            }
            spans.add(new int[] {m.start(), m.end()});
        }
        return spans;
    }

    private static String stripTrailing(String page) {
        int end = page.length();
        while (end > 0 && Character.isWhitespace(page.charAt(end - 1))) {
            end--;
        }
        return page.substring(0, end);
    }

    private record Fence(String marker, String language) {}

    /** The code fence still open at the end of {@code text}, or null. */
    static Fence openFence(String text) {
        Fence open = null;
        for (String line : text.split("\n", -1)) {
            Matcher m = FENCE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String marker = m.group(1);
            if (open == null) {
                open = new Fence(marker, m.group(2));
            } else if (marker.charAt(0) == open.marker().charAt(0)
                    && marker.length() >= open.marker().length()
                    && m.group(2).isEmpty()) {
                open = null;
            }
        }
        return open;
    }
}
