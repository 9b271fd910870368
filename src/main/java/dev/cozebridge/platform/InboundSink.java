package dev.cozebridge.platform;

import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import java.util.List;

/**
 * What an adapter hands inbound traffic to: the conversation core. Every method returns in microseconds to a
 * millisecond and may be called on a platform's event thread; the answer is produced later on the core's own
 * threads, through the adapter's {@link PlatformAdapter#send}/{@link PlatformAdapter#edit}.
 */
public interface InboundSink {

    /** Outcome of {@link #accept}. Notices (busy, rate limited, denied) are sent by the core itself. */
    enum Acceptance {
        QUEUED,
        /** Allow/deny lists said no; nothing is sent. */
        DENIED,
        /** The user passed their per-user message rate; a polite notice was sent. */
        USER_RATE_LIMITED,
        /** The conversation's queue is full; a "busy, try again shortly" notice was sent. */
        BUSY,
        /** The message had nothing to ask; a hint saying what to write was sent. */
        EMPTY
    }

    /** Queues a message for an answer. A replayed {@code platformMessageId} is answered at most once. */
    Acceptance accept(InboundMessage message);

    /**
     * Clears the conversation's history for future requests, recording who did it. The adapter has already
     * checked the platform permission. Returns the confirmation sentence to show.
     */
    String reset(ConversationKey key, Author by);

    /** The help text for this bot on {@code surface}, platform-neutral Markdown in the bot's language. */
    String help(String bot, BridgeCommands.Surface surface);

    /**
     * Sends a command's answer (Markdown) to {@code target} in the conversation's channel, paced with the other
     * writes there and repeated after a platform "retry after" by the core's one retry policy. Returns at once;
     * the write happens on the core's own thread.
     */
    void respond(ConversationKey key, ReplyTarget target, String markdown);

    /** Whether the bot's allow/deny lists let this author use the bot in these places (see InboundMessage#places). */
    boolean allowed(String bot, Author author, List<String> places);
}
