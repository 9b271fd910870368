package dev.cozebridge.store;

import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.MessageRef;
import java.util.List;

/**
 * An assistant turn a crash left STREAMING: its saved text and the platform messages already sent.
 *
 * @param questionMessageId the platform message id of the question it answers, or null when unknown
 */
public record UnfinishedReply(
        long turnId, ConversationKey key, String text, List<MessageRef> messages, String questionMessageId) {
    public UnfinishedReply(long turnId, ConversationKey key, String text, List<MessageRef> messages) {
        this(turnId, key, text, messages, null);
    }
}
