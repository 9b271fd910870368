package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cozebridge.agent.AgentCall;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.AgentFailureException;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.fakes.CapturedLogs;
import dev.cozebridge.fakes.KeepAliveRelay;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedCancel;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.RecordedUpload;
import dev.cozebridge.fakes.coze.Script;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Coze behind an intermediary that keeps connections alive and then closes idle ones behind the client's back
 * ({@link KeepAliveRelay}, real sockets on 127.0.0.1). A chat start, a cancel and an upload written into such a
 * stale pooled connection fail before any answer; each is sent once more on a connection dialled for it and
 * succeeds. A request that failed on a connection dialled for it may have reached Coze, so a chat start or an
 * upload is not repeated then. {@code max_retries} is 0 throughout: only the replay can have saved a request.
 */
class CozeStaleConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeCoze fake = FakeCoze.start();
    private final KeepAliveRelay relay = KeepAliveRelay.to(port(fake));
    private final CapturedLogs logs = CapturedLogs.start();

    @AfterEach
    void tearDown() {
        logs.close();
        relay.close();
        fake.close();
    }

    private static int port(FakeCoze fake) {
        return Integer.parseInt(fake.baseUrl().substring(fake.baseUrl().lastIndexOf(':') + 1));
    }

    private CozeSettings settings(int maxRetries) {
        return TestSettings.coze(relay.baseUrl())
                .token(fake.token())
                .maxRetries(maxRetries)
                .build();
    }

    private List<String> replays() {
        return logs.from("dev.cozebridge.agent.coze").stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("once more on a fresh one"))
                .toList();
    }

    private static void finishes(CozeClient client, String question) {
        EventRecorder events = new EventRecorder();
        client.start(ask(question), events);
        assertThat(events.awaitTerminal(WAIT)).as("%s", events.events()).isEqualTo(new AgentEvent.Finished());
    }

    @Test
    void aChatStartOnStalePooledConnectionsIsSentOnceMoreOnAFreshOne() {
        try (CozeClient client = new CozeClient(settings(0), Clock.systemUTC())) {
            // two chats at once leave two kept-alive connections in the pool
            CountDownLatch release = new CountDownLatch(1);
            fake.enqueue(
                    Script.answer("one").holdAfter(0, release),
                    Script.answer("two").holdAfter(0, release));
            EventRecorder one = new EventRecorder();
            EventRecorder two = new EventRecorder();
            client.start(ask("one"), one);
            client.start(ask("two"), two);
            await().atMost(WAIT).until(() -> fake.chats().size() == 2);
            release.countDown();
            assertThat(one.awaitTerminal(WAIT)).isEqualTo(new AgentEvent.Finished());
            assertThat(two.awaitTerminal(WAIT)).isEqualTo(new AgentEvent.Finished());
            await().atMost(WAIT).until(() -> relay.idleConnections() == 2);

            assertThat(relay.closeIdle()).isEqualTo(2);
            EventRecorder after = new EventRecorder();
            client.start(ask("after the idle close"), after);

            assertThat(after.awaitTerminal(WAIT)).isEqualTo(new AgentEvent.Finished());
            assertThat(after.deltaText()).isEqualTo("You said: after the idle close");
            // the stale attempt reached nobody: Coze got the chat once; the replay took neither dead sibling
            List<String> questions =
                    fake.chats().stream().map(RecordedChat::lastUserText).toList();
            assertThat(questions).hasSize(3).endsWith("after the idle close");
            assertThat(questions.subList(0, 2)).containsExactlyInAnyOrder("one", "two");
            assertThat(relay.accepted()).isEqualTo(3);
            assertThat(replays()).singleElement().satisfies(m -> assertThat(m).contains("Coze chat for bot"));
        }
    }

    @Test
    void aRequestDroppedOnAReusedConnectionIsSentOnceMore() {
        try (CozeClient client = new CozeClient(settings(0), Clock.systemUTC())) {
            finishes(client, "warm");
            await().atMost(WAIT).until(() -> relay.idleConnections() == 1);

            // the intermediary reads the next request, then closes the connection without passing it on
            relay.dropNextRequest();
            finishes(client, "dropped once");

            assertThat(relay.dropped()).isEqualTo(1);
            assertThat(fake.chats()).extracting(RecordedChat::lastUserText).containsExactly("warm", "dropped once");
            assertThat(replays()).hasSize(1);
        }
    }

    @Test
    void aCancelOnAStalePooledConnectionIsSentOnceMoreOnAFreshOne() throws InterruptedException {
        try (CozeClient client = new CozeClient(settings(0), Clock.systemUTC())) {
            fake.enqueue(Script.answer("first part, then silence").deltas(4).stallAfter(1));
            EventRecorder events = new EventRecorder();
            AgentCall call = client.start(ask("x"), events);
            await().atMost(WAIT)
                    .until(() -> !events.ofType(AgentEvent.TextDelta.class).isEmpty());
            // a second connection, used once and left idle in the pool while the chat streams on the first
            client.profile(CozeTestSupport.BOT);
            await().atMost(WAIT).until(() -> relay.idleConnections() == 1);
            assertThat(relay.closeIdle()).isEqualTo(1);

            call.cancel();
            call.await();

            AgentEvent.ChatStarted started =
                    events.ofType(AgentEvent.ChatStarted.class).getFirst();
            await().atMost(WAIT).until(() -> !fake.cancels().isEmpty());
            assertThat(fake.cancels())
                    .containsExactly(new RecordedCancel(started.conversationId(), started.chatId(), true));
            assertThat(replays()).singleElement().satisfies(m -> assertThat(m).contains("/v3/chat/cancel"));
            assertThat(relay.accepted()).isEqualTo(3);
        }
    }

    @Test
    void anUploadOnAStalePooledConnectionIsSentOnceMoreOnAFreshOne() {
        try (CozeClient client = new CozeClient(settings(0), Clock.systemUTC())) {
            String first = client.upload("a.png", "image/png", "first".getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> relay.idleConnections() == 1);
            assertThat(relay.closeIdle()).isEqualTo(1);

            String second = client.upload("b.png", "image/png", "second".getBytes(StandardCharsets.UTF_8));

            assertThat(second).isNotEqualTo(first);
            assertThat(fake.uploads()).extracting(RecordedUpload::fileName).containsExactly("a.png", "b.png");
            assertThat(replays()).singleElement().satisfies(m -> assertThat(m).contains("/v1/files/upload"));
            assertThat(relay.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aChatStartThatFailedOnAConnectionDialledForItIsNotRepeated() {
        // even with retries allowed: Coze may have received it, and a second chat would answer twice
        try (CozeClient client = new CozeClient(settings(2), Clock.systemUTC())) {
            relay.dropNextRequest();
            EventRecorder events = new EventRecorder();
            client.start(ask("x"), events);

            AgentFailure failure = events.awaitFailure();
            assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(failure.message()).contains("not sent again");
            assertThat(relay.dropped()).isEqualTo(1);
            assertThat(relay.accepted()).as("no second connection was dialled").isEqualTo(1);
            assertThat(replays()).isEmpty();
        }
    }

    @Test
    void anUploadThatFailedOnAConnectionDialledForItIsNotRepeated() {
        try (CozeClient client = new CozeClient(settings(2), Clock.systemUTC())) {
            relay.dropNextRequest();

            AgentFailureException e = catchThrowableOfType(
                    AgentFailureException.class,
                    () -> client.upload("a.png", "image/png", "bytes".getBytes(StandardCharsets.UTF_8)));

            assertThat(e.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(relay.accepted()).isEqualTo(1);
            assertThat(fake.uploads()).isEmpty();
            assertThat(replays()).isEmpty();
        }
    }

    @Test
    void aCancelIsRepeatedEvenOnAConnectionDialledForIt() throws InterruptedException {
        // cancelling is idempotent at Coze: a cancel that might have arrived is simply sent again
        try (CozeClient client = new CozeClient(settings(0), Clock.systemUTC())) {
            fake.enqueue(Script.answer("first part, then silence").deltas(4).stallAfter(1));
            EventRecorder events = new EventRecorder();
            AgentCall call = client.start(ask("x"), events);
            await().atMost(WAIT)
                    .until(() -> !events.ofType(AgentEvent.TextDelta.class).isEmpty());

            relay.dropNextRequest();
            call.cancel();
            call.await();

            await().atMost(WAIT).until(() -> !fake.cancels().isEmpty());
            assertThat(fake.cancels())
                    .singleElement()
                    .extracting(RecordedCancel::accepted)
                    .isEqualTo(true);
            assertThat(relay.dropped()).isEqualTo(1);
        }
    }
}
