package dev.cozebridge.store;

import dev.cozebridge.core.ConversationKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The questions behind suggestion buttons, kept until a button is pressed or expires. Thread-safe; every method is
 * one short transaction and throws {@link StoreException} when the database fails.
 */
public interface SuggestionStore {

    /**
     * Stores the buttons of one message, as one batch. Returns the stored ones (ids are short, URL-safe ASCII), in
     * order; blank questions and questions longer than {@link #MAX_QUESTION} characters get no button.
     */
    List<Issued> issue(ConversationKey key, List<String> questions, Instant at, Instant expiresAt);

    /** The button with this id, unless it does not exist or expired before {@code now}. */
    Optional<StoredSuggestion> find(String id, Instant now);

    /** Uses a button: deletes its whole batch. False when another press used the batch first. */
    boolean claim(StoredSuggestion button);

    /** Deletes the buttons that expired before {@code now}; returns how many. */
    int purgeExpired(Instant now);

    /** Coze's suggestions are short; anything longer is not a button label anyone could read. */
    int MAX_QUESTION = 4000;

    /** A stored button: its id and the question it asks. */
    record Issued(String id, String question) {}
}
