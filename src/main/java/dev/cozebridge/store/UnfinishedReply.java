package dev.cozebridge.store;

import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.MessageRef;
import java.util.List;

/** An assistant turn a crash left STREAMING: its saved text and the platform messages already sent. */
public record UnfinishedReply(long turnId, ConversationKey key, String text, List<MessageRef> messages) {}
