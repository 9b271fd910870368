package dev.cozebridge.conversation;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays a reply out as platform messages. While the answer grows, every page but the last is frozen as soon as it
 * is full (so it is written once more, without the marker, and never again) and the last one carries the
 * streaming marker. While streaming, the live page may also carry a header above the text (the model's reasoning)
 * and a status line under it (a running plugin); both count in the page's budget and are gone from the final
 * layout. The final layout appends the tail (notice, footnotes) to the last page when it fits, else as its own
 * message(s).
 */
final class ReplyLayout {

    private final Pager pager;
    private final String marker;
    private final List<String> frozen = new ArrayList<>();
    /** How much of the answer text the frozen pages hold. */
    private int consumed;
    /** A code fence reopened at the start of the next page. */
    private String carry = "";

    ReplyLayout(Pager pager, String marker) {
        this.pager = pager;
        this.marker = marker == null ? "" : marker;
    }

    /** The pages while streaming; the last one ends with the marker. Empty while there is no text. */
    List<String> streaming(String text) {
        return streaming(text, "", "");
    }

    /**
     * The pages while streaming, the live one with {@code header} above its text and {@code status} under it (each
     * may be empty). A header that would leave less than half a page for the text is left out. Empty while there is
     * nothing to show.
     */
    List<String> streaming(String text, String header, String status) {
        String head = header.isBlank() ? "" : header.strip();
        String foot = status.isBlank() ? "" : status.strip();
        int extras = (head.isEmpty() ? 0 : head.length() + 2) + (foot.isEmpty() ? 0 : foot.length() + 2);
        if (extras > pager.limit() / 2) {
            head = "";
            extras = foot.isEmpty() ? 0 : foot.length() + 2;
        }
        boolean decorated = !head.isEmpty() || !foot.isEmpty();
        if (text.isBlank()) {
            return decorated ? List.of(join(head, "", foot) + marker) : List.of();
        }
        String rest = freezeFull(text, pager.limit() - marker.length() - extras);
        List<String> pages = new ArrayList<>(frozen);
        if (hasNewText(rest)) {
            pages.add(join(head, head.isEmpty() ? rest.stripTrailing() : rest.strip(), foot) + marker);
        } else if (decorated) {
            pages.add(join(head, "", foot) + marker);
        }
        return pages;
    }

    private static String join(String head, String body, String foot) {
        StringBuilder page = new StringBuilder(head);
        for (String part : new String[] {body, foot}) {
            if (!part.isEmpty()) {
                if (!page.isEmpty()) {
                    page.append("\n\n");
                }
                page.append(part);
            }
        }
        return page.toString();
    }

    /** The final pages: the whole answer, then {@code tail} (may be empty). */
    List<String> finished(String text, String tail) {
        List<String> pages = new ArrayList<>(frozen);
        String rest = remainder(text);
        if (hasNewText(rest)) {
            pages.addAll(pager.split(rest.strip()));
        }
        if (tail.isEmpty()) {
            return pages;
        }
        if (!pages.isEmpty()) {
            String last = pages.getLast();
            String joined = last + "\n\n" + tail;
            if (joined.length() <= pager.limit()) {
                pages.set(pages.size() - 1, joined);
                return pages;
            }
        }
        pages.addAll(pager.split(tail));
        return pages;
    }

    private boolean hasNewText(String rest) {
        return !rest.isBlank() && rest.length() > carry.length();
    }

    /** The text the frozen pages do not hold yet, with a reopened fence in front. */
    private String remainder(String text) {
        return consumed >= text.length() ? carry : carry + text.substring(consumed);
    }

    private String freezeFull(String text, int budget) {
        String rest = remainder(text);
        while (true) {
            Pager.Cut cut = pager.cut(rest, budget);
            if (cut.complete()) {
                return rest;
            }
            frozen.add(cut.page());
            int fromText = Math.max(0, cut.consumed() - carry.length());
            consumed += fromText;
            carry = cut.reopen(rest);
            rest = cut.rest();
        }
    }
}
