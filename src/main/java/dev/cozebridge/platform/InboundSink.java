package dev.cozebridge.platform;

import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import java.util.List;
import java.util.function.BooleanSupplier;

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

    /** Outcome of {@link #stop}. */
    enum StopOutcome {
        /** The answer being written stops now. */
        STOPPED,
        /** No answer is being written in this conversation. */
        NOTHING_RUNNING,
        /** {@code by} neither asked the question nor administers the place. */
        NOT_ALLOWED
    }

    /**
     * {@code /stop}: stops the answer being written in the conversation, when {@code by} asked it or
     * {@code moderator} says they administer the place (asked only when they did not ask). May block as long as
     * {@code moderator} does.
     */
    StopOutcome stop(ConversationKey key, Author by, BooleanSupplier moderator);

    /**
     * Acts on a pressed button: asks a suggested question as the presser, or stops an answer. Returns at once; the
     * work, and {@link ButtonPress#acknowledge()}, happen on the core's own thread.
     */
    void press(ButtonPress press);

    /**
     * Greets the conversation with the bot's prologue and its suggested questions as buttons (Telegram
     * {@code /start}, a first Discord DM), in order with the conversation's answers. With {@code onlyIfNew} the
     * greeting is skipped when the conversation already has turns. Returns false, sending nothing, when the bot has
     * no prologue.
     */
    boolean welcome(ConversationKey key, ReplyTarget target, Author author, boolean onlyIfNew);

    /** What Coze tells about the bot (shortcut commands, greeting); read once and kept. May block the first time. */
    BotProfile profile(String bot);
}
