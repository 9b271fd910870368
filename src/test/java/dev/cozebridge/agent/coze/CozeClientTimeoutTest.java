package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static dev.cozebridge.agent.coze.CozeTestSupport.settings;
import static dev.cozebridge.agent.coze.CozeTestSupport.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.AgentCall;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedCancel;
import dev.cozebridge.fakes.coze.Script;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stalled or slow streams end as TIMEOUT, never a hang; cancel closes the stream and cancels upstream. */
class CozeClientTimeoutTest {
    private final FakeCoze fake = FakeCoze.start();

    @AfterEach
    void tearDown() {
        fake.close();
    }

    /**
     * Runs until the one terminal event, which must be a failure. Which timeout ended the run is told by the
     * failure's message, not by the wall clock: each test sets the other two timeouts far longer, so only the one
     * under test can have fired.
     */
    private AgentFailure runUntilFailure(CozeClient client, Script script) {
        fake.enqueue(script);
        EventRecorder events = new EventRecorder();
        client.start(ask("x"), events);
        AgentEvent terminal = events.awaitTerminal(Duration.ofSeconds(15));
        assertThat(events.terminals()).hasSize(1);
        assertThat(terminal).isInstanceOf(AgentEvent.Failed.class);
        return ((AgentEvent.Failed) terminal).failure();
    }

    @Test
    void stallMidStreamEndsWithinTheIdleTimeout() {
        try (CozeClient client = new CozeClient(
                with(settings(fake), Duration.ofSeconds(10), Duration.ofMillis(300), Duration.ofSeconds(20)),
                Clock.systemUTC())) {
            AgentFailure failure =
                    runUntilFailure(client, Script.answer("a b c d").deltas(4).stallAfter(2));

            assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(failure.message()).contains("idle");
            assertThat(failure.logId()).isEqualTo(fake.chats().getFirst().logId());
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.openStreams() == 0);
        }
    }

    @Test
    void noFirstEventEndsWithinTheFirstEventTimeout() {
        try (CozeClient client = new CozeClient(
                with(settings(fake), Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofSeconds(20)),
                Clock.systemUTC())) {
            AgentFailure failure =
                    runUntilFailure(client, Script.answer("never").stallAfter(-1));

            assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(failure.message()).contains("first-event");
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.openStreams() == 0);
        }
    }

    @Test
    void aSlowButAliveStreamEndsAtTheTotalTimeout() {
        try (CozeClient client = new CozeClient(
                with(settings(fake), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500)),
                Clock.systemUTC())) {
            AgentFailure failure = runUntilFailure(
                    client,
                    Script.answer("many small pieces of a long answer")
                            .deltas(200)
                            .pace(Duration.ofMillis(20)));

            assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(failure.message()).contains("total");
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.openStreams() == 0);
        }
    }

    @Test
    void cancelClosesTheStreamAndCancelsTheChatUpstream() throws InterruptedException {
        try (CozeClient client = new CozeClient(settings(fake), Clock.systemUTC())) {
            fake.enqueue(Script.answer("first part, then silence").deltas(4).stallAfter(1));
            EventRecorder events = new EventRecorder();
            AgentCall call = client.start(ask("x"), events);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> events.ofType(AgentEvent.TextDelta.class).size() == 1);
            assertThat(fake.openStreams()).isEqualTo(1);

            call.cancel();
            call.cancel(); // idempotent
            call.await();

            AgentEvent.ChatStarted started =
                    events.ofType(AgentEvent.ChatStarted.class).getFirst();
            assertThat(events.terminals())
                    .singleElement()
                    .extracting(e -> ((AgentEvent.Failed) e).failure().kind())
                    .isEqualTo(FailureKind.CANCELLED);
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.openStreams() == 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> !fake.cancels().isEmpty());
            assertThat(fake.cancels())
                    .containsExactly(new RecordedCancel(started.conversationId(), started.chatId(), true));
        }
    }

    @Test
    void cancelAfterTheEndChangesNothing() throws InterruptedException {
        try (CozeClient client = new CozeClient(settings(fake), Clock.systemUTC())) {
            fake.enqueue(Script.answer("done quickly"));
            EventRecorder events = new EventRecorder();
            AgentCall call = client.start(ask("x"), events);
            call.await();

            call.cancel();

            assertThat(events.terminals()).containsExactly(new AgentEvent.Finished());
            assertThat(fake.requests()).noneMatch(r -> r.path().equals("/v3/chat/cancel"));
        }
    }

    @Test
    void interruptingRunCancelsTheCall() throws InterruptedException {
        try (CozeClient client = new CozeClient(settings(fake), Clock.systemUTC())) {
            fake.enqueue(Script.answer("a b").stallAfter(1));
            EventRecorder events = new EventRecorder();
            Thread runner = Thread.ofVirtual().start(() -> {
                try {
                    client.run(ask("x"), events);
                } catch (InterruptedException expected) {
                    Thread.currentThread().interrupt();
                }
            });
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !events.ofType(AgentEvent.TextDelta.class).isEmpty());

            runner.interrupt();
            runner.join(Duration.ofSeconds(5));

            assertThat(runner.isAlive()).isFalse();
            assertThat(events.awaitFailure().kind()).isEqualTo(FailureKind.CANCELLED);
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.openStreams() == 0);
        }
    }
}
