package dev.cozebridge.store;

import dev.cozebridge.core.ConversationKey;
import java.time.Instant;

/** A suggestion button as stored: the conversation it belongs to and the question it asks. */
public record StoredSuggestion(
        String id, String batch, ConversationKey key, String question, Instant createdAt, Instant expiresAt) {}
