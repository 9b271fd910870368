package dev.cozebridge.conversation;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.AnswerAccumulator;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the agent has reported for one reply so far: an {@link AnswerAccumulator} (the rules of what the answer
 * is) behind a lock. The agent's thread only updates it and signals; the reply's own thread takes
 * {@link Snapshot}s and waits for changes.
 */
final class ReplyState {

    /**
     * An immutable view of the reply at one moment.
     *
     * @param sources        the citations to list, already selected ({@link dev.cozebridge.agent.Footnotes})
     * @param notice         the sentence the bridge ended the reply with (shutdown, stop), or null
     * @param reasoning      the model's chain of thought so far
     * @param toolRunning    a plugin or workflow is running
     * @param toolName       its name, or null
     * @param actionQuestion Coze's question of a requires_action, or null
     * @param stopped        someone stopped the answer (Stop button, /stop)
     * @param settled        the answer message is complete and no more text is announced
     *                       ({@link AnswerAccumulator#settled()}); suggestions and usage may still come
     */
    record Snapshot(
            long version,
            String text,
            boolean terminal,
            AgentFailure failure,
            String notice,
            List<Citation> sources,
            List<String> followUps,
            TokenUsage usage,
            Instant firstDeltaAt,
            int deltas,
            String reasoning,
            boolean toolRunning,
            String toolName,
            String actionQuestion,
            boolean stopped,
            boolean settled) {

        /**
         * Whether the answer is shown as final (no marker, with footnotes): at its end, and as soon as its text is
         * complete, before Coze's suggestions and the end of the chat.
         */
        boolean finished() {
            return terminal || (settled && !text.isBlank());
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Clock clock;
    private final BridgeMetrics metrics;
    private final String bot;
    private final AnswerAccumulator answer = new AnswerAccumulator();

    private String notice;
    private boolean stopped;
    private long version;
    private Instant firstDeltaAt;

    ReplyState(Clock clock, BridgeMetrics metrics, String bot) {
        this.clock = clock;
        this.metrics = metrics;
        this.bot = bot;
    }

    /** Takes one agent event; called on the agent's thread, never blocks beyond a short lock. */
    void onEvent(AgentEvent event) {
        boolean delta = false;
        lock.lock();
        try {
            if (answer.terminal()) {
                return;
            }
            if (event instanceof AgentEvent.TextDelta) {
                delta = true;
                if (firstDeltaAt == null) {
                    firstDeltaAt = clock.instant();
                }
            }
            if (answer.accept(event)) {
                version++;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (delta) {
            metrics.delta(bot);
        }
    }

    /**
     * Ends the reply from our side (shutdown): the agent's later events are ignored and the answer is finalized
     * with {@code sentence} as its notice. No effect once the agent has ended it.
     */
    boolean abort(String sentence) {
        return end(sentence, false);
    }

    /**
     * Ends the reply because someone stopped it: like {@link #abort}, and the reply counts as stopped (stored as
     * CANCELLED, so it is not relayed as history, as Coze does not keep a cancelled chat as context either).
     */
    boolean stop(String sentence) {
        return end(sentence, true);
    }

    private boolean end(String sentence, boolean byUser) {
        lock.lock();
        try {
            String why = byUser ? "stopped by a user" : "reply aborted: " + sentence;
            if (!answer.end(new AgentFailure(FailureKind.CANCELLED, 0, why, null))) {
                return false;
            }
            notice = sentence;
            stopped = byUser;
            version++;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(
                    version,
                    answer.text(),
                    answer.terminal(),
                    answer.failure(),
                    notice,
                    answer.sources(),
                    answer.followUps(),
                    answer.usage(),
                    firstDeltaAt,
                    answer.deltas(),
                    answer.reasoning(),
                    answer.toolRunning(),
                    answer.toolName(),
                    answer.actionQuestion(),
                    stopped,
                    answer.settled());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the state moved past {@code seenVersion}, or until {@code deadline} (null: no deadline).
     * Returns false when the deadline passed first.
     */
    boolean awaitChange(long seenVersion, Instant deadline) throws InterruptedException {
        lock.lock();
        try {
            while (version == seenVersion && !answer.terminal()) {
                if (deadline == null) {
                    changed.await();
                } else {
                    long nanos = Duration.between(clock.instant(), deadline).toNanos();
                    if (nanos <= 0) {
                        return false;
                    }
                    changed.awaitNanos(Math.min(nanos, TimeUnit.SECONDS.toNanos(1)));
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
