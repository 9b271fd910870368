package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.BOT;
import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static dev.cozebridge.agent.coze.CozeTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a fake in its Coze Studio profile (§11). */
class CozeStudioTest {
    private final FakeCoze fake = FakeCoze.start().studioMode(true);
    private final CozeClient client = new CozeClient(settings(fake), Clock.systemUTC());

    @AfterEach
    void tearDown() {
        client.close();
        fake.close();
    }

    @Test
    void answersInTheStudioDialect() {
        fake.enqueue(Script.answer("自托管 ✓").knowledge(List.of(Script.KnowledgeChunk.file("11", "guide.md", 0.8))));
        EventRecorder events = new EventRecorder();
        client.start(ask("hi"), events);

        assertThat(events.awaitTerminal(Duration.ofSeconds(10))).isEqualTo(new AgentEvent.Finished());
        assertThat(events.deltaText()).isEqualTo("自托管 ✓");
        assertThat(events.ofType(AgentEvent.KnowledgeRecalled.class)
                        .getFirst()
                        .citations()
                        .getFirst()
                        .title())
                .isEqualTo("guide.md");
    }

    @Test
    void authFailureIs700012006OnHttp200() {
        CozeSettings bad =
                TestSettings.coze(settings(fake)).token("pat_" + "0".repeat(64)).build();
        try (CozeClient wrong = new CozeClient(bad, Clock.systemUTC())) {
            EventRecorder events = new EventRecorder();
            wrong.start(ask("hi"), events);

            AgentFailure failure = events.awaitFailure();
            assertThat(failure.kind()).isEqualTo(FailureKind.ACCESS_TOKEN_INVALID);
            assertThat(failure.code()).isEqualTo(700012006);
            assertThat(failure.logId()).isEqualTo(fake.chats().getFirst().logId());
        }
    }

    @Test
    void parameterErrorsAreHttp400WithCode400() {
        AgentRequest lastIsAssistant =
                new AgentRequest(BOT, "u", null, List.of(AgentMessage.assistant("no question")), Map.of(), Map.of());
        EventRecorder events = new EventRecorder();
        client.start(lastIsAssistant, events);

        AgentFailure failure = events.awaitFailure();
        assertThat(failure.kind()).isEqualTo(FailureKind.BAD_REQUEST);
        assertThat(failure.code()).isEqualTo(400);
        assertThat(failure.message()).contains("role user");
    }
}
