package dev.cozebridge.core;

/**
 * Where a reply goes, in the platform's own ids kept as strings. Only the adapter that made it interprets it.
 *
 * @param channelId        the chat or channel to post in
 * @param threadId         a thread or forum topic inside it, or null
 * @param replyToMessageId the user's message to answer (a platform reply/quote), or null
 * @param handle           an adapter-private handle (e.g. a Discord interaction), or null
 * @param privateChat      true for one-to-one chats (Telegram private chat, Discord DM, terminal)
 */
public record ReplyTarget(
        String channelId, String threadId, String replyToMessageId, String handle, boolean privateChat) {
    public static ReplyTarget channel(String channelId) {
        return new ReplyTarget(channelId, null, null, null, false);
    }
}
