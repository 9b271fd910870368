package dev.cozebridge.core;

import java.time.Instant;
import java.util.List;

/**
 * A user message addressed to the bot, already stripped of the bot mention.
 *
 * @param key               the conversation it belongs to
 * @param platformMessageId the platform's id of this message; a replay of the same id is answered once only
 * @param author            who wrote it
 * @param text              the text for Coze (Markdown as the user typed it; a media message's caption)
 * @param replyTarget       where the answer goes
 * @param multiUser         true in group channels, so history turns carry the author's name and Coze a per-author
 *                          user id
 * @param receivedAt        when the platform says it was sent
 * @param places            the platform ids of where it was said, for allow/deny lists: chat or channel id,
 *                          the parent channel of a thread, the guild id (any that apply)
 * @param attachments       the files sent with it (photos, documents, voice, an album's every picture), in order
 * @param quote             the message it replies to, carried to Coze as a quote, or null
 * @param edited            true when this is a new version of a message sent before (the question is re-asked
 *                          when it is the latest one and still within the bot's edit window)
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
        List<Attachment> attachments,
        Quote quote,
        boolean edited,
        ShortcutCall shortcut) {
    public InboundMessage {
        places = List.copyOf(places);
        attachments = List.copyOf(attachments);
        text = text == null ? "" : text;
    }

    /** A plain text message. */
    public InboundMessage(
            ConversationKey key,
            String platformMessageId,
            Author author,
            String text,
            ReplyTarget replyTarget,
            boolean multiUser,
            Instant receivedAt,
            List<String> places) {
        this(
                key,
                platformMessageId,
                author,
                text,
                replyTarget,
                multiUser,
                receivedAt,
                places,
                List.of(),
                null,
                false,
                null);
    }

    public InboundMessage withAttachments(List<Attachment> files) {
        return new InboundMessage(
                key,
                platformMessageId,
                author,
                text,
                replyTarget,
                multiUser,
                receivedAt,
                places,
                files,
                quote,
                edited,
                shortcut);
    }

    public InboundMessage withQuote(Quote quoted) {
        return new InboundMessage(
                key,
                platformMessageId,
                author,
                text,
                replyTarget,
                multiUser,
                receivedAt,
                places,
                attachments,
                quoted,
                edited,
                shortcut);
    }

    /** The same message marked as a new version of one sent before. */
    public InboundMessage asEdit() {
        return new InboundMessage(
                key,
                platformMessageId,
                author,
                text,
                replyTarget,
                multiUser,
                receivedAt,
                places,
                attachments,
                quote,
                true,
                shortcut);
    }

    /** The same message in another conversation: its chat got a new id and the conversation moved there. */
    public InboundMessage movedTo(ConversationKey moved) {
        return new InboundMessage(
                moved,
                platformMessageId,
                author,
                text,
                replyTarget,
                multiUser,
                receivedAt,
                places,
                attachments,
                quote,
                edited,
                shortcut);
    }

    /** The same message invoking a Coze shortcut command. */
    public InboundMessage withShortcut(ShortcutCall call) {
        return new InboundMessage(
                key,
                platformMessageId,
                author,
                text,
                replyTarget,
                multiUser,
                receivedAt,
                places,
                attachments,
                quote,
                edited,
                call);
    }

    /** True when there is something to ask: text or at least one file. */
    public boolean asksSomething() {
        return !text.isBlank() || !attachments.isEmpty();
    }
}
