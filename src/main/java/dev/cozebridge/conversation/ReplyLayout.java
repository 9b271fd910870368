package dev.cozebridge.conversation;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays a reply out as platform messages. While the answer grows, every page but the last is frozen as soon as it
 * is full (so it is written once more, without the marker, and never again) and the last one carries the
 * streaming marker. The final layout appends the tail (notice, footnotes) to the last page when it fits, else
 * as its own message(s).
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
        if (text.isBlank()) {
            return List.of();
        }
        String rest = freezeFull(text, pager.limit() - marker.length());
        List<String> pages = new ArrayList<>(frozen);
        if (hasNewText(rest)) {
            pages.add(rest.stripTrailing() + marker);
        }
        return pages;
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
