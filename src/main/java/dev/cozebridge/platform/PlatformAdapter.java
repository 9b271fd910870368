package dev.cozebridge.platform;

import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;

/**
 * One bot's connection to one platform.
 *
 * <p>Threading: {@link #send} and {@link #edit} are called from the core's per-conversation virtual threads,
 * at most one call in flight per reply; they block until the platform answered. Implementations must be safe
 * for calls from many conversations at once.
 *
 * <p>Text passed to {@link #send}/{@link #edit} is Markdown as Coze writes it, already cut by the core to
 * {@link PlatformLimits#maxMessageLength()}; the adapter renders it to its own markup.
 *
 * <p>Unhappy paths: a platform "retry after N" surfaces as {@link PlatformException} of kind RATE_LIMITED with
 * the delay (the core waits and repeats); a deleted message, a blocked bot or a channel the bot cannot write to
 * is kind GONE (the core stops that reply); an edit whose text did not change is a success, not an error.
 */
public interface PlatformAdapter {

    /** Platform kind, e.g. {@code discord}; the {@code platform} part of conversation keys. */
    String platform();

    /** The bot name from bots.yml this adapter serves. */
    String bot();

    PlatformLimits limits();

    /**
     * The minimum gap between two writes into this channel, across replies. The core waits it out before it picks
     * the text to write, so a platform that paces some channels slower (Telegram groups: 20 a minute) must say so
     * here: otherwise the core hands over text that then waits inside the adapter and is stale when it goes out.
     */
    default java.time.Duration channelInterval(String channelId) {
        return limits().minChannelInterval();
    }

    PlatformMarkup markup();

    /**
     * Connects and starts delivering inbound messages and commands to {@code sink}. Blocks until connected,
     * retrying an unreachable platform with backoff (one log line per attempt) up to a ready timeout; throws
     * {@link PlatformException} when it cannot (bad token, still unreachable at the timeout, stopped meanwhile).
     */
    void start(InboundSink sink);

    /**
     * Disconnects; idempotent; returns within a few seconds. May be called from another thread while
     * {@link #start} blocks: the start then gives up within a second. A stopped adapter is not started again.
     */
    void stop();

    /** Posts a new message; returns its reference. */
    MessageRef send(ReplyTarget target, String markdown);

    /** Replaces the text of a message this adapter sent. */
    void edit(MessageRef message, String markdown);

    /** True when the platform session is connected (for readiness checks). */
    boolean connected();

    /**
     * Which instances may answer a message to {@code target}, kept with it in the queue: e.g. the Discord shard of
     * its guild, since only the instance connected to that shard writes there. Null (the default): any instance
     * serving this bot on this platform.
     */
    default String affinity(ReplyTarget target) {
        return null;
    }

    /** Whether this adapter may answer queued messages of {@code affinity} (null: any). */
    default boolean serves(String affinity) {
        return true;
    }
}
