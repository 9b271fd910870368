package dev.cozebridge.conversation;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the agent has reported for one reply so far. The agent's thread only updates it and signals; the reply's
 * own thread takes {@link Snapshot}s and waits for changes.
 */
final class ReplyState {

    /** An immutable view of the reply at one moment. */
    record Snapshot(
            long version,
            String text,
            boolean terminal,
            AgentFailure failure,
            String notice,
            List<Citation> citations,
            TokenUsage usage,
            Instant firstDeltaAt,
            int deltas) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Clock clock;
    private final BridgeMetrics metrics;
    private final String bot;

    private final List<String> answerIds = new ArrayList<>();
    private final List<StringBuilder> answers = new ArrayList<>();
    private final List<Citation> citations = new ArrayList<>();
    private TokenUsage usage = TokenUsage.NONE;
    private AgentFailure failure;
    private String notice;
    private boolean terminal;
    private long version;
    private Instant firstDeltaAt;
    private int deltas;

    ReplyState(Clock clock, BridgeMetrics metrics, String bot) {
        this.clock = clock;
        this.metrics = metrics;
        this.bot = bot;
    }

    /** Takes one agent event; called on the agent's thread, never blocks beyond a short lock. */
    void onEvent(AgentEvent event) {
        lock.lock();
        try {
            if (terminal) {
                return;
            }
            switch (event) {
                case AgentEvent.TextDelta d -> {
                    if (firstDeltaAt == null) {
                        firstDeltaAt = clock.instant();
                    }
                    deltas++;
                    answer(d.messageId()).append(d.text());
                }
                case AgentEvent.AnswerCompleted a -> {
                    StringBuilder text = answer(a.messageId());
                    text.setLength(0);
                    text.append(a.text());
                }
                case AgentEvent.KnowledgeRecalled k -> citations.addAll(k.citations());
                case AgentEvent.Usage u -> usage = u.usage();
                case AgentEvent.Finished f -> terminal = true;
                case AgentEvent.Failed f -> {
                    failure = f.failure();
                    terminal = true;
                }
                case AgentEvent.ChatStarted s -> {
                    return;
                }
                case AgentEvent.FollowUp f -> {
                    return;
                }
            }
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (event instanceof AgentEvent.TextDelta) {
            metrics.delta(bot);
        }
    }

    /**
     * Ends the reply from our side (shutdown): the agent's later events are ignored and the answer is finalized
     * with {@code sentence} as its notice. No effect once the agent has ended it.
     */
    boolean abort(String sentence) {
        lock.lock();
        try {
            if (terminal) {
                return false;
            }
            failure = new AgentFailure(FailureKind.CANCELLED, 0, "reply aborted: " + sentence, null);
            notice = sentence;
            terminal = true;
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
                    version, text(), terminal, failure, notice, List.copyOf(citations), usage, firstDeltaAt, deltas);
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
            while (version == seenVersion && !terminal) {
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

    private StringBuilder answer(String messageId) {
        int at = answerIds.indexOf(messageId);
        if (at < 0) {
            answerIds.add(messageId);
            answers.add(new StringBuilder());
            at = answers.size() - 1;
        }
        return answers.get(at);
    }

    /** Coze can answer with more than one message; they read as consecutive paragraphs. */
    private String text() {
        if (answers.size() == 1) {
            return answers.getFirst().toString();
        }
        StringBuilder all = new StringBuilder();
        for (StringBuilder answer : answers) {
            if (answer.isEmpty()) {
                continue;
            }
            if (!all.isEmpty()) {
                all.append("\n\n");
            }
            all.append(answer);
        }
        return all.toString();
    }
}
