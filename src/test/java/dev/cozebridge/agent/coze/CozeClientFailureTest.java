package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static dev.cozebridge.agent.coze.CozeTestSupport.askIn;
import static dev.cozebridge.agent.coze.CozeTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every failure shape ends as exactly one typed Failed event with Coze's code and log id. */
class CozeClientFailureTest {
    private final FakeCoze fake = FakeCoze.start();
    private final CozeClient client = new CozeClient(settings(fake), Clock.systemUTC());

    @AfterEach
    void tearDown() {
        client.close();
        fake.close();
    }

    private EventRecorder run(Script script) {
        fake.enqueue(script);
        EventRecorder events = new EventRecorder();
        client.start(ask("hello"), events);
        events.awaitFailure();
        return events;
    }

    private String logIdOfChat(int index) {
        return fake.chats().get(index).logId();
    }

    @Test
    void jsonErrorOnHttp200InsteadOfAStream() {
        EventRecorder events = run(Script.jsonError(200, 4200, "Requested resource bot_id=1 does not exist."));

        AgentFailure failure = events.awaitFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.BOT_NOT_FOUND);
        assertThat(failure.code()).isEqualTo(4200);
        assertThat(failure.logId()).isEqualTo(logIdOfChat(0)).isNotBlank();
        assertThat(failure.message()).contains("bot_id=1 does not exist");
        assertThat(events.events()).hasSize(1);
    }

    @Test
    void wrongTokenIsRejectedLikeTheRealService() {
        CozeSettings bad = TestSettings.coze(fake.baseUrl())
                .token("pat_wrong")
                .firstEventTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(5))
                .totalTimeout(Duration.ofSeconds(10))
                .maxRetries(2)
                .build();
        try (CozeClient wrong = new CozeClient(bad, Clock.systemUTC())) {
            EventRecorder events = new EventRecorder();
            wrong.start(ask("hi"), events);

            AgentFailure failure = events.awaitFailure();
            assertThat(failure.kind()).isEqualTo(FailureKind.INVALID_TOKEN);
            assertThat(failure.code()).isEqualTo(4101);
            assertThat(failure.logId()).isEqualTo(logIdOfChat(0));
            assertThat(fake.chats()).hasSize(1); // not retryable
        }
    }

    @Test
    void http401WithJsonBody() {
        AgentFailure failure =
                run(Script.jsonError(401, 700012006, "access token invalid")).awaitFailure();

        assertThat(failure.kind()).isEqualTo(FailureKind.ACCESS_TOKEN_INVALID);
        assertThat(failure.code()).isEqualTo(700012006);
        assertThat(failure.logId()).isEqualTo(logIdOfChat(0));
    }

    @Test
    void gateway502WithHtmlBody() {
        AgentFailure failure = run(Script.httpError(
                        502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"))
                .awaitFailure();

        assertThat(failure.kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(failure.code()).isEqualTo(502);
        assertThat(failure.logId()).isEqualTo(logIdOfChat(0));
        assertThat(failure.message()).contains("502").contains("text/html");
    }

    @Test
    void gateway504WithPlainText() {
        AgentFailure failure = run(Script.httpError(504, "text/plain", "upstream request timeout"))
                .awaitFailure();

        assertThat(failure.kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(failure.code()).isEqualTo(504);
    }

    @Test
    void errorEventMidStream() {
        EventRecorder events =
                run(Script.answer("partial answer here").deltas(4).midStreamError(5000, "boom", 2));

        AgentFailure failure = events.awaitFailure();
        assertThat(failure)
                .isEqualTo(new AgentFailure(FailureKind.SERVER_ERROR, 5000, "event:error: boom", logIdOfChat(0)));
        assertThat(events.ofType(AgentEvent.TextDelta.class)).hasSize(2);
        assertThat(events.terminals()).hasSize(1);
    }

    @Test
    void chatFailedWithLastError() {
        AgentFailure failure = run(Script.answer("x y z").chatFailed(5000, "event interval error", 1))
                .awaitFailure();

        assertThat(failure)
                .isEqualTo(new AgentFailure(
                        FailureKind.SERVER_ERROR,
                        5000,
                        "conversation.chat.failed: event interval error",
                        logIdOfChat(0)));
    }

    @Test
    void chatFailedWithBareError() {
        AgentFailure failure =
                run(Script.answer("x").chatFailedBare(4013, "too many", 0)).awaitFailure();

        assertThat(failure.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failure.code()).isEqualTo(4013);
    }

    @Test
    void cutConnectionIsAStreamCut() {
        EventRecorder events = run(Script.answer("one two three four").deltas(4).cutAfter(2));

        AgentFailure failure = events.awaitFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.STREAM_CUT);
        assertThat(failure.logId()).isEqualTo(logIdOfChat(0));
        assertThat(events.ofType(AgentEvent.TextDelta.class)).hasSize(2);
        assertThat(events.terminals()).hasSize(1);
    }

    @Test
    void malformedDataLine() {
        AgentFailure failure = run(Script.answer("a b c").malformedDataLine()).awaitFailure();

        assertThat(failure.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
        assertThat(failure.logId()).isEqualTo(logIdOfChat(0));
    }

    @Test
    void parameterErrorFromTheStrictFake() {
        fake.knownBots("123");
        EventRecorder events = new EventRecorder();
        client.start(ask("hi"), events);

        AgentFailure failure = events.awaitFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.BOT_NOT_FOUND);
        assertThat(failure.code()).isEqualTo(4200);
    }

    @Test
    void secondChatOnABusyConversationGets4016() {
        fake.enqueue(Script.answer("slow").stallAfter(0));
        EventRecorder first = new EventRecorder();
        var running = client.start(askIn("7431283376412344370", "first"), first);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !first.ofType(AgentEvent.ChatStarted.class).isEmpty());

        EventRecorder second = new EventRecorder();
        client.start(askIn("7431283376412344370", "second"), second);

        AgentFailure failure = second.awaitFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.CONVERSATION_BUSY);
        assertThat(failure.code()).isEqualTo(4016);
        assertThat(failure.logId()).isEqualTo(logIdOfChat(1));
        assertThat(fake.chats()).extracting(RecordedChat::rejectedCode).containsExactly(0, 4016);
        running.cancel();
        assertThat(first.awaitFailure().kind()).isEqualTo(FailureKind.CANCELLED);
    }

    @Test
    void unreachableServerIsAConnectionFailure() {
        String base = fake.baseUrl();
        fake.close();
        CozeSettings s = TestSettings.coze(base)
                .token("pat_x")
                .connectTimeout(Duration.ofSeconds(2))
                .firstEventTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(5))
                .totalTimeout(Duration.ofSeconds(10))
                .maxRetries(1)
                .build();
        try (CozeClient offline = new CozeClient(s, Clock.systemUTC())) {
            EventRecorder events = new EventRecorder();
            offline.start(ask("hi"), events);

            AgentFailure failure = events.awaitFailure();
            assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(failure.logId()).isNull();
        }
    }
}
