package dev.cozebridge.core;

import java.time.Instant;
import java.util.List;

/**
 * A user message addressed to the bot, already stripped of the bot mention.
 *
 * @param key               the conversation it belongs to
 * @param platformMessageId the platform's id of this message; a replay of the same id is answered once only
 * @param author            who wrote it
 * @param text              the text for Coze (Markdown as the user typed it)
 * @param replyTarget       where the answer goes
 * @param multiUser         true in group channels, so history turns carry the author's name
 * @param receivedAt        when the platform says it was sent
 * @param places            the platform ids of where it was said, for allow/deny lists: chat or channel id,
 *                          the parent channel of a thread, the guild id (any that apply)
 * @param shortcut          the Coze shortcut command this message invokes, or null for a plain question
 */
public record InboundMessage(
        ConversationKey key,
        String platformMessageId,
        Author author,
        String text,
        ReplyTarget replyTarget,
        boolean multiUser,
        Instant receivedAt,
        List<String> places,
        ShortcutCall shortcut) {
    public InboundMessage {
        places = List.copyOf(places);
    }

    /** A plain question (no shortcut command). */
    public InboundMessage(
            ConversationKey key,
            String platformMessageId,
            Author author,
            String text,
            ReplyTarget replyTarget,
            boolean multiUser,
            Instant receivedAt,
            List<String> places) {
        this(key, platformMessageId, author, text, replyTarget, multiUser, receivedAt, places, null);
    }
}
