package dev.cozebridge.platform.discord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.dv8tion.jda.api.interactions.InteractionHook;

/**
 * The hooks of deferred {@code /ask} interactions, found by the adapter-private handle the core carries in
 * {@link dev.cozebridge.core.ReplyTarget#handle()} and by the ids of the messages sent through them. Discord keeps
 * an interaction token for 15 minutes; older entries are dropped and their messages are then edited as plain
 * channel messages.
 */
final class DiscordInteractions {
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    /** One deferred interaction. Its first send fills the deferred original, later ones are follow-ups. */
    static final class Pending {
        final InteractionHook hook;
        final Instant createdAt;
        private String originalMessageId;

        Pending(InteractionHook hook, Instant createdAt) {
            this.hook = hook;
            this.createdAt = createdAt;
        }

        synchronized String originalMessageId() {
            return originalMessageId;
        }

        synchronized void originalMessageId(String id) {
            this.originalMessageId = id;
        }
    }

    private final Clock clock;
    private final Map<String, Pending> byHandle = new ConcurrentHashMap<>();
    private final Map<String, Pending> byMessage = new ConcurrentHashMap<>();

    DiscordInteractions(Clock clock) {
        this.clock = clock;
    }

    void register(String handle, InteractionHook hook) {
        prune();
        byHandle.put(handle, new Pending(hook, clock.instant()));
    }

    /** The live interaction behind a handle, or null when unknown or expired. */
    Pending byHandle(String handle) {
        Pending pending = handle == null ? null : byHandle.get(handle);
        return pending == null || expired(pending) ? null : pending;
    }

    /** The live interaction a message was sent through, or null. */
    Pending byMessage(String messageId) {
        Pending pending = byMessage.get(messageId);
        return pending == null || expired(pending) ? null : pending;
    }

    void sent(Pending pending, String messageId) {
        byMessage.put(messageId, pending);
    }

    private boolean expired(Pending pending) {
        return pending.hook.isExpired()
                || Duration.between(pending.createdAt, clock.instant()).compareTo(TOKEN_LIFETIME) >= 0;
    }

    private void prune() {
        byHandle.values().removeIf(this::expired);
        byMessage.values().removeIf(this::expired);
    }
}
