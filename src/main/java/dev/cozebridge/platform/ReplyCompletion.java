package dev.cozebridge.platform;

import dev.cozebridge.core.ConversationKey;
import java.time.Duration;

/**
 * For an adapter that answers one message at a time (the terminal chat reads the next line only after the answer
 * is printed): lets it wait for a conversation's replies without knowing the core.
 */
public interface ReplyCompletion {
    /**
     * Blocks the calling thread until the conversation has no reply running or waiting; false when {@code timeout}
     * passed first (the reply still finishes in the background).
     */
    boolean awaitIdle(ConversationKey key, Duration timeout) throws InterruptedException;
}
