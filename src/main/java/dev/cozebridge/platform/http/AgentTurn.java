package dev.cozebridge.platform.http;

import dev.cozebridge.agent.AgentCall;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.AgentFailureException;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.agent.AnswerAccumulator;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one HTTP chat against Coze on the request's (virtual) thread: tries the candidate bots in order, moving to
 * the next while a bot fails before its answer starts, and hands the text to a {@link Listener} as it streams.
 * Events are queued by the agent and consumed here, so every write to the client happens on this thread; when the
 * client is gone (a write throws), the Coze chat is cancelled. Records the HTTP chat's metrics (platform
 * {@code http}).
 */
final class AgentTurn {
    static final String PLATFORM = "http";
    private static final Logger log = LoggerFactory.getLogger(AgentTurn.class);

    /** Where the answer goes while it streams. A thrown IOException means the client is gone. */
    interface Listener {
        /** For answers that are only needed whole. */
        Listener NONE = new Listener() {
            @Override
            public void started(HttpBot bot) {}

            @Override
            public void reasoning(String fragment) {}

            @Override
            public void text(String fragment) {}

            @Override
            public void idle() {}
        };

        /** The answer's first text is about to come from {@code bot}; no failover after this. */
        void started(HttpBot bot) throws IOException;

        /** A fragment of the model's chain of thought (reasoning models); comes before the text it leads to. */
        void reasoning(String fragment) throws IOException;

        void text(String fragment) throws IOException;

        /** Nothing came for the heartbeat interval after the answer started. */
        void idle() throws IOException;
    }

    /**
     * How the chat ended.
     *
     * @param reasoning  the model's chain of thought, empty for models that do not reason
     * @param failure    null on success
     * @param started    text had reached the listener
     * @param clientGone the listener failed, so the chat was cancelled
     */
    record Outcome(
            HttpBot bot,
            String text,
            String reasoning,
            List<Citation> citations,
            List<String> followUps,
            TokenUsage usage,
            AgentFailure failure,
            boolean started,
            boolean clientGone) {}

    private final BridgeMetrics metrics;
    private final Clock clock;
    private final Duration heartbeat;

    AgentTurn(BridgeMetrics metrics, Clock clock, Duration heartbeat) {
        this.metrics = metrics;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /**
     * @param requests builds a bot's request; may throw {@link AgentFailureException} (an upload failed), which
     *                 counts as that bot failing before its answer
     */
    Outcome run(String model, List<HttpBot> candidates, Function<HttpBot, AgentRequest> requests, Listener listener)
            throws InterruptedException {
        Outcome outcome = null;
        for (int i = 0; i < candidates.size(); i++) {
            HttpBot bot = candidates.get(i);
            outcome = attempt(bot, requests, listener);
            AgentFailure failure = outcome.failure();
            if (failure != null && failure.kind() != FailureKind.CANCELLED) {
                metrics.cozeError(bot.name(), failure.code());
                log.warn(
                        "HTTP chat for model {} via bot {} failed{}: {}",
                        model,
                        bot.name(),
                        outcome.started() ? " mid-answer" : "",
                        failure.describe());
            }
            boolean failOver = failure != null
                    && !outcome.started()
                    && failure.kind() != FailureKind.CANCELLED
                    && i + 1 < candidates.size();
            if (!failOver) {
                break;
            }
            log.info(
                    "Model {}: bot {} failed before answering, trying bot {}",
                    model,
                    bot.name(),
                    candidates.get(i + 1).name());
        }
        metrics.reply(outcome.bot().name(), PLATFORM, status(outcome));
        return outcome;
    }

    private Outcome attempt(HttpBot bot, Function<HttpBot, AgentRequest> requests, Listener listener)
            throws InterruptedException {
        Attempt state = new Attempt(bot);
        AgentRequest request;
        try {
            request = requests.apply(bot);
        } catch (AgentFailureException e) {
            state.failure = e.failure();
            return state.outcome();
        }
        BlockingQueue<AgentEvent> events = new LinkedBlockingQueue<>();
        Instant begun = clock.instant();
        AgentCall call = bot.agent().start(request, events::add);
        try {
            while (true) {
                AgentEvent event = events.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    if (event == null) {
                        if (state.started && !state.clientGone) {
                            listener.idle();
                        }
                        continue;
                    }
                    if (state.handle(event, listener, begun)) {
                        return state.outcome();
                    }
                } catch (IOException e) {
                    log.info("HTTP client of bot {} went away mid-answer; cancelling the Coze chat", bot.name());
                    state.clientGone = true;
                    call.cancel();
                }
            }
        } catch (InterruptedException e) {
            call.cancel();
            throw e;
        }
    }

    private static TurnStatus status(Outcome outcome) {
        if (outcome.clientGone()) {
            return TurnStatus.CANCELLED;
        }
        if (outcome.failure() == null) {
            return TurnStatus.COMPLETE;
        }
        return outcome.started() ? TurnStatus.PARTIAL : TurnStatus.FAILED;
    }

    /** One bot's run: the answer as the {@link AnswerAccumulator} builds it, and how far the client has it. */
    private final class Attempt {
        private final HttpBot bot;
        private final AnswerAccumulator answer = new AnswerAccumulator();
        private AgentFailure failure;
        private boolean started;
        private boolean clientGone;

        Attempt(HttpBot bot) {
            this.bot = bot;
        }

        /** @return true on the terminal event */
        boolean handle(AgentEvent event, Listener listener, Instant begun) throws IOException {
            switch (event) {
                case AgentEvent.TextDelta delta -> metrics.delta(bot.name());
                case AgentEvent.Usage reported -> metrics.tokens(bot.name(), reported.usage());
                case AgentEvent.ChatStarted chat ->
                    log.debug(
                            "Bot {} chat {} started in conversation {}",
                            bot.name(),
                            chat.chatId(),
                            chat.conversationId());
                default -> {}
            }
            answer.accept(event);
            failure = answer.failure();
            String thought = answer.appendOnlyReasoning();
            if (!thought.isEmpty() && !clientGone) {
                start(listener, begun);
                listener.reasoning(thought);
            }
            String fragment = answer.appendOnly();
            if (!fragment.isEmpty() && !clientGone) {
                start(listener, begun);
                listener.text(fragment);
            }
            return answer.terminal();
        }

        /** The answer starts with its first reasoning or text: no failover after this. */
        private void start(Listener listener, Instant begun) throws IOException {
            if (!started) {
                started = true;
                metrics.timeToFirstDelta(bot.name(), PLATFORM, Duration.between(begun, clock.instant()));
                listener.started(bot);
            }
        }

        Outcome outcome() {
            return new Outcome(
                    bot,
                    answer.text(),
                    answer.reasoning(),
                    answer.sources(),
                    answer.followUps(),
                    answer.usage(),
                    failure,
                    started,
                    clientGone);
        }
    }
}
