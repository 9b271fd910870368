package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static dev.cozebridge.agent.coze.CozeTestSupport.settings;
import static dev.cozebridge.agent.coze.CozeTestSupport.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.AgentCall;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.HttpSettings;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.fakes.RecordingMetrics;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedCancel;
import dev.cozebridge.fakes.coze.Script;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever ends a chat on the bridge's side once Coze named it — each of the three timeouts, a stop, a broken
 * stream — Coze is asked to cancel it exactly once ({@code POST /v3/chat/cancel}, reference §7.3: closing the
 * stream alone leaves Coze generating), and the metric counts it.
 */
class CozeCancelTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    private final FakeCoze fake = FakeCoze.start();
    private final RecordingMetrics metrics = new RecordingMetrics();

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private CozeClient client(CozeSettings settings) {
        return new CozeClient(settings, Clock.systemUTC(), HttpSettings.DEFAULT_COZE_SHARE, metrics);
    }

    /** Runs {@code script} to its failure and returns it with the events. */
    private AgentFailure failureOf(CozeClient client, Script script, EventRecorder events) {
        fake.enqueue(script);
        client.start(ask("x"), events);
        AgentFailure failure = events.awaitFailure();
        assertThat(events.terminals()).hasSize(1);
        return failure;
    }

    /**
     * The one cancel the run's chat got, accepted by Coze because the chat was still running, counted once as
     * sent; held for a while so that a second cancel on its way would show.
     */
    private void assertCancelledOnceAtCoze(EventRecorder events) {
        AgentEvent.ChatStarted started =
                events.ofType(AgentEvent.ChatStarted.class).getFirst();
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.count("cancel.sent") == 1);
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> fake.cancels().size() == 1 && metrics.count("cancel.sent") == 1);
        assertThat(fake.cancels())
                .containsExactly(new RecordedCancel(started.conversationId(), started.chatId(), true));
        assertThat(metrics.count("cancel.failed")).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.openStreams() == 0);
    }

    @Test
    void theIdleTimeoutCancelsTheChatAtCozeOnce() {
        try (CozeClient client = client(with(settings(fake), LONG, Duration.ofMillis(300), LONG))) {
            EventRecorder events = new EventRecorder();
            AgentFailure failure =
                    failureOf(client, Script.answer("a b c d").deltas(4).stallAfter(2), events);

            assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(failure.message()).contains("idle");
            assertCancelledOnceAtCoze(events);
        }
    }

    @Test
    void theFirstEventTimeoutCancelsAChatCozeCreatedButNeverStartedAnswering() {
        try (CozeClient client = client(with(settings(fake), Duration.ofMillis(300), LONG, LONG))) {
            EventRecorder events = new EventRecorder();
            // chat.created and chat.in_progress, then nothing: the bot never starts
            AgentFailure failure = failureOf(client, Script.answer("never").stallAfter(0), events);

            assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(failure.message()).contains("first-event");
            assertThat(events.ofType(AgentEvent.TextDelta.class)).isEmpty();
            assertCancelledOnceAtCoze(events);
        }
    }

    @Test
    void theTotalTimeoutCancelsTheChatAtCozeOnce() {
        try (CozeClient client = client(with(settings(fake), LONG, LONG, Duration.ofMillis(500)))) {
            EventRecorder events = new EventRecorder();
            AgentFailure failure = failureOf(
                    client,
                    Script.answer("many small pieces of a long answer")
                            .deltas(200)
                            .pace(Duration.ofMillis(20)),
                    events);

            assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(failure.message()).contains("total");
            assertCancelledOnceAtCoze(events);
        }
    }

    @Test
    void aStopAfterATimeoutSendsNoSecondCancel() throws InterruptedException {
        try (CozeClient client = client(with(settings(fake), LONG, Duration.ofMillis(300), LONG))) {
            fake.enqueue(Script.answer("a b c").deltas(3).stallAfter(1));
            EventRecorder events = new EventRecorder();
            AgentCall call = client.start(ask("x"), events);
            assertThat(events.awaitFailure().kind()).isEqualTo(FailureKind.TIMEOUT);

            // the conversation stops or shuts down the reply after the timeout ended it
            call.cancel();
            call.cancel();
            call.await();

            assertCancelledOnceAtCoze(events);
        }
    }

    @Test
    void aStopWhileStreamingCancelsOnceEvenWhenCalledAgain() throws InterruptedException {
        try (CozeClient client = client(settings(fake))) {
            fake.enqueue(Script.answer("first part, then silence").deltas(4).stallAfter(1));
            EventRecorder events = new EventRecorder();
            AgentCall call = client.start(ask("x"), events);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !events.ofType(AgentEvent.TextDelta.class).isEmpty());

            call.cancel();
            call.cancel();
            call.await();

            assertThat(events.awaitFailure().kind()).isEqualTo(FailureKind.CANCELLED);
            assertCancelledOnceAtCoze(events);
        }
    }

    @Test
    void aStreamThatBreaksMidAnswerIsCancelledAtCoze() {
        try (CozeClient client = client(settings(fake))) {
            EventRecorder events = new EventRecorder();
            AgentFailure failure =
                    failureOf(client, Script.answer("cut short here").deltas(3).cutAfter(1), events);

            assertThat(failure.kind()).isEqualTo(FailureKind.STREAM_CUT);
            assertCancelledOnceAtCoze(events);
        }
    }

    @Test
    void cozesOwnEndOfAChatNeedsNoCancel() {
        try (CozeClient client = client(settings(fake))) {
            EventRecorder events = new EventRecorder();
            failureOf(client, Script.answer("a b").deltas(2).chatFailed(5000, "event interval error", 1), events);
            EventRecorder done = new EventRecorder();
            fake.enqueue(Script.answer("fine"));
            client.start(ask("y"), done);
            assertThat(done.awaitTerminal(Duration.ofSeconds(10))).isEqualTo(new AgentEvent.Finished());

            assertThat(fake.requests()).noneMatch(r -> r.path().equals("/v3/chat/cancel"));
            assertThat(metrics.count("cancel.sent") + metrics.count("cancel.failed"))
                    .isZero();
        }
    }

    @Test
    void aTimeoutBeforeCozeNamedTheChatHasNothingToCancel() {
        try (CozeClient client = client(with(settings(fake), Duration.ofMillis(300), LONG, LONG))) {
            EventRecorder events = new EventRecorder();
            AgentFailure failure = failureOf(client, Script.answer("never").stallAfter(-1), events);

            assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.openStreams() == 0);
            assertThat(fake.requests()).noneMatch(r -> r.path().equals("/v3/chat/cancel"));
        }
    }

    @Test
    void aCancelDroppedOnItsConnectionIsSentOnceMoreOnAFreshOne() {
        fake.dropCancels(1);
        try (CozeClient client = client(with(settings(fake), LONG, Duration.ofMillis(300), LONG))) {
            EventRecorder events = new EventRecorder();
            failureOf(client, Script.answer("a b c").deltas(3).stallAfter(1), events);

            AgentEvent.ChatStarted started =
                    events.ofType(AgentEvent.ChatStarted.class).getFirst();
            await().atMost(Duration.ofSeconds(5)).until(() -> metrics.count("cancel.sent") == 1);
            assertThat(fake.cancels())
                    .containsExactly(
                            new RecordedCancel(started.conversationId(), started.chatId(), false),
                            new RecordedCancel(started.conversationId(), started.chatId(), true));
            assertThat(metrics.count("cancel.failed")).isZero();
        }
    }

    @Test
    void aCancelThatCannotBeDeliveredTwiceIsCountedAsFailed() {
        fake.dropCancels(2);
        try (CozeClient client = client(with(settings(fake), LONG, Duration.ofMillis(300), LONG))) {
            EventRecorder events = new EventRecorder();
            failureOf(client, Script.answer("a b c").deltas(3).stallAfter(1), events);

            await().atMost(Duration.ofSeconds(5)).until(() -> metrics.count("cancel.failed") == 1);
            assertThat(fake.cancels()).hasSize(2).noneMatch(RecordedCancel::accepted);
            assertThat(metrics.count("cancel.sent")).isZero();
        }
    }

    @Test
    void closingTheClientLetsACancelOnItsWayArrive() {
        CozeClient client = client(settings(fake));
        fake.enqueue(Script.answer("first part, then silence").deltas(4).stallAfter(1));
        EventRecorder events = new EventRecorder();
        AgentCall call = client.start(ask("x"), events);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !events.ofType(AgentEvent.TextDelta.class).isEmpty());

        // a shutdown: every running reply is cancelled, then the clients are closed at once
        call.cancel();
        client.close();

        assertThat(fake.cancels()).extracting(RecordedCancel::accepted).isEqualTo(List.of(true));
        assertThat(metrics.count("cancel.sent")).isEqualTo(1);
    }
}
