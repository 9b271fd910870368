package dev.cozebridge.store;

import dev.cozebridge.core.ConversationKey;
import java.time.Instant;
import java.util.List;

/**
 * The durable queue of accepted platform messages and the conversation leases that decide which instance answers
 * them. A message is added before the platform is told it was received and removed only when its answer has ended,
 * so whatever a crash interrupts is still here on the next start. Every method is one short statement or
 * transaction; thread-safe; throws {@link StoreException} when the database fails.
 *
 * <p>Leases: one owner answers a conversation at a time. {@link #claim} takes a conversation that nobody holds, that
 * the caller holds already, or whose lease has expired; the holder renews it while it answers and releases it when
 * the conversation has nothing more waiting. Several instances share one database this way on H2 and PostgreSQL
 * alike, with plain rows and conditional updates.
 */
public interface InboundQueue {

    /** The longest payload kept; a longer message is refused before it is queued. */
    int MAX_PAYLOAD_CHARS = 4_000_000;

    /**
     * Queues a message; durable when this returns.
     *
     * @param affinity which instances may answer it (e.g. a Discord shard), or null for any
     * @return its queue id: ids grow in acceptance order
     */
    long add(ConversationKey key, String affinity, String platformMessageId, String payload, Instant acceptedAt);

    /** The conversation's queued messages after {@code afterId}, oldest first, at most {@code limit}. */
    List<QueuedMessage> next(ConversationKey key, long afterId, int limit);

    /** How many messages of the conversation are queued. */
    int depth(ConversationKey key);

    /** How many messages of this bot on this platform are queued, over every conversation. */
    int depth(String bot, String platform);

    /** Removes a message whose answer has ended (answered, refused, failed with a notice). */
    void remove(long id);

    /**
     * Takes or renews the lease of a conversation for {@code owner} until {@code until}. True when {@code owner} now
     * holds it: nobody held it, {@code owner} did, or the previous holder let it expire before {@code now}.
     */
    default boolean claim(ConversationKey key, String owner, Instant now, Instant until) {
        return lease(key, owner, now, until) != Claim.REFUSED;
    }

    /**
     * {@link #claim}, saying how the lease was got: {@link Claim#TAKEN_OVER} when another owner held it and let it
     * expire (it died or paused), which operators watch as a sign of instances failing.
     */
    Claim lease(ConversationKey key, String owner, Instant now, Instant until);

    /** Gives the conversation up, if {@code owner} holds it. */
    void release(ConversationKey key, String owner);

    /**
     * Drops every lease (an embedded database has one process: whatever leases it finds at start are a dead
     * process's). Returns how many there were.
     */
    int releaseAll();

    /**
     * Conversations of this bot and platform with queued messages that {@code owner} could claim now (no lease, its
     * own, or expired), with the affinity of their oldest message, oldest first, at most {@code limit}.
     */
    List<Waiting> waiting(String bot, String platform, String owner, Instant now, int limit);

    /** How a claim ended. */
    enum Claim {
        /** {@code owner} holds the lease: it was free, or {@code owner} held it already. */
        TAKEN,
        /** {@code owner} holds the lease now; another owner held it and let it expire. */
        TAKEN_OVER,
        /** Another owner holds a live lease. */
        REFUSED
    }

    /** A queued message. */
    record QueuedMessage(
            long id,
            ConversationKey key,
            String affinity,
            String platformMessageId,
            String payload,
            Instant acceptedAt) {}

    /** A conversation with messages waiting, and which instances may answer them. */
    record Waiting(ConversationKey key, String affinity) {}
}
