package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.BOT;
import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static dev.cozebridge.agent.coze.CozeTestSupport.askIn;
import static dev.cozebridge.agent.coze.CozeTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CozeClientStreamingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final FakeCoze fake = FakeCoze.start();
    private final CozeClient client = new CozeClient(settings(fake), Clock.systemUTC());

    @AfterEach
    void tearDown() {
        client.close();
        fake.close();
    }

    private EventRecorder run(Script script, AgentRequest request) {
        fake.enqueue(script);
        EventRecorder events = new EventRecorder();
        client.start(request, events);
        events.awaitTerminal(WAIT);
        return events;
    }

    @Test
    void happyPathWithKnowledgeFollowUpsAndUsage() {
        String text = "Refunds take 5–7 business days. See the FAQ.";
        EventRecorder events = run(
                Script.answer(text)
                        .deltas(5)
                        .knowledge(List.of(
                                Script.KnowledgeChunk.file("7428811621034786842", "refund-policy.pdf", 0.86),
                                Script.KnowledgeChunk.web(
                                        "7428812004977573914", "Returns FAQ", "https://help.example.com/r", 0.74),
                                Script.KnowledgeChunk.file("7428811621034786842", "refund-policy.pdf", 0.5)))
                        .followUps("How do I start a return?", "Can I get cash back?")
                        .usage(1832, 61),
                askIn("7431283376412344370", "how long do refunds take?"));

        List<AgentEvent> all = events.events();
        assertThat(all.getFirst()).isInstanceOf(AgentEvent.ChatStarted.class);
        assertThat(((AgentEvent.ChatStarted) all.getFirst()).conversationId()).isEqualTo("7431283376412344370");
        assertThat(events.ofType(AgentEvent.KnowledgeRecalled.class))
                .containsExactly(new AgentEvent.KnowledgeRecalled(List.of(
                        new Citation("7428811621034786842", "refund-policy.pdf", null, 0.86),
                        new Citation("7428812004977573914", "Returns FAQ", "https://help.example.com/r", 0.74))));
        assertThat(events.ofType(AgentEvent.TextDelta.class)).hasSize(5);
        assertThat(events.deltaText()).isEqualTo(text);
        assertThat(events.ofType(AgentEvent.AnswerCompleted.class))
                .singleElement()
                .extracting(AgentEvent.AnswerCompleted::text)
                .isEqualTo(text);
        assertThat(events.ofType(AgentEvent.FollowUp.class))
                .extracting(AgentEvent.FollowUp::text)
                .containsExactly("How do I start a return?", "Can I get cash back?");
        assertThat(events.ofType(AgentEvent.Usage.class))
                .containsExactly(new AgentEvent.Usage(new TokenUsage(1832, 61, 1893)));
        assertThat(events.terminals()).containsExactly(new AgentEvent.Finished());
        assertThat(all.getLast()).isEqualTo(new AgentEvent.Finished());
    }

    @Test
    void sendsTheRequestCozeExpects() {
        AgentRequest request = new AgentRequest(
                BOT,
                "telegram:42",
                "7431283376412344370",
                List.of(
                        AgentMessage.user("[alice] hi"),
                        AgentMessage.assistant("Hello!"),
                        new AgentMessage(
                                dev.cozebridge.core.Role.USER,
                                "[{\"type\":\"text\",\"text\":\"what is this?\"},{\"type\":\"image\",\"file_url\":\"https://example.com/cat.png\"}]",
                                true)),
                Map.of("lang", "en"),
                Map.of("platform", "telegram"));
        run(Script.answer("ok"), request);

        RecordedChat chat = fake.chats().getFirst();
        assertThat(chat.rejectedCode()).isZero();
        assertThat(chat.query()).containsEntry("conversation_id", "7431283376412344370");
        assertThat(chat.body().has("conversation_id")).isFalse();
        assertThat(chat.body().get("bot_id").isTextual()).isTrue();
        assertThat(chat.botId()).isEqualTo(BOT);
        assertThat(chat.userId()).isEqualTo("telegram:42");
        assertThat(chat.body().get("stream").asBoolean()).isTrue();
        assertThat(chat.body().get("auto_save_history").asBoolean()).isFalse();
        assertThat(chat.body().get("custom_variables").get("lang").asText()).isEqualTo("en");
        assertThat(chat.body().get("meta_data").get("platform").asText()).isEqualTo("telegram");
        assertThat(chat.messages())
                .containsExactly(
                        new RecordedChat.Message("user", "question", "text", "[alice] hi"),
                        new RecordedChat.Message("assistant", "answer", "text", "Hello!"),
                        new RecordedChat.Message(
                                "user",
                                "question",
                                "object_string",
                                "[{\"type\":\"text\",\"text\":\"what is this?\"},{\"type\":\"image\",\"file_url\":\"https://example.com/cat.png\"}]"));
        assertThat(chat.authorization()).isEqualTo("Bearer " + fake.token());
    }

    @Test
    void defaultScriptEchoesTheLastUserMessage() {
        EventRecorder events = new EventRecorder();
        client.start(ask("ping"), events);

        assertThat(events.awaitTerminal(WAIT)).isEqualTo(new AgentEvent.Finished());
        assertThat(events.deltaText()).isEqualTo("You said: ping");
    }

    @Test
    void reassemblesUtf8SplitAcrossTinyChunks() {
        String text = "退款需要 5–7 个工作日 🙂👍🏽 — ça marche ✅";
        EventRecorder events = run(
                Script.answer(text)
                        .deltas(4)
                        .chunked(1)
                        .knowledge(List.of(Script.KnowledgeChunk.file("1", "退款政策.pdf", 0.9))),
                ask("退款?"));

        assertThat(events.deltaText()).isEqualTo(text);
        assertThat(events.ofType(AgentEvent.AnswerCompleted.class).getFirst().text())
                .isEqualTo(text);
        assertThat(events.ofType(AgentEvent.KnowledgeRecalled.class)
                        .getFirst()
                        .citations()
                        .getFirst()
                        .title())
                .isEqualTo("退款政策.pdf");
        assertThat(events.terminals()).containsExactly(new AgentEvent.Finished());
    }

    @Test
    void acceptsCrlfLineEndings() {
        EventRecorder events = run(Script.answer("line endings differ").crlf().chunked(3), ask("x"));

        assertThat(events.deltaText()).isEqualTo("line endings differ");
        assertThat(events.terminals()).containsExactly(new AgentEvent.Finished());
    }

    @Test
    void ignoresKeepAliveComments() {
        EventRecorder events = run(Script.answer("still here").comments(), ask("x"));

        assertThat(events.deltaText()).isEqualTo("still here");
        assertThat(events.terminals()).containsExactly(new AgentEvent.Finished());
    }

    @Test
    void understandsTheStudioDialect() {
        EventRecorder events = run(
                Script.answer("studio answer")
                        .studio()
                        .reasoning()
                        .numericIds()
                        .knowledge(List.of(
                                Script.KnowledgeChunk.web("7500000000000000011", "Ops guide", "https://x", 0.9)))
                        .usage(20, 10),
                ask("x"));

        assertThat(events.deltaText()).isEqualTo("studio answer");
        // Studio leaves link and card empty: the document name is the title and there is no URL
        assertThat(events.ofType(AgentEvent.KnowledgeRecalled.class))
                .containsExactly(new AgentEvent.KnowledgeRecalled(
                        List.of(new Citation("7500000000000000011", "Ops guide", null, 0.9))));
        assertThat(events.ofType(AgentEvent.Usage.class))
                .containsExactly(new AgentEvent.Usage(new TokenUsage(20, 10, 30)));
        assertThat(events.terminals()).containsExactly(new AgentEvent.Finished());
    }

    @Test
    void succeedsWhenTheStreamEndsAfterChatCompletedWithoutDone() {
        EventRecorder events = run(Script.answer("no done").withoutDone(), ask("x"));

        assertThat(events.terminals()).containsExactly(new AgentEvent.Finished());
    }

    @Test
    void replaysTheReferenceTranscriptOverHttp() {
        EventRecorder events = run(Script.fromFile("/sse/kb-answer.sse").chunked(7), ask("refunds?"));

        assertThat(events.ofType(AgentEvent.TextDelta.class)).hasSize(6);
        assertThat(events.ofType(AgentEvent.KnowledgeRecalled.class).getFirst().citations())
                .hasSize(2);
        assertThat(events.ofType(AgentEvent.Usage.class))
                .containsExactly(new AgentEvent.Usage(new TokenUsage(1832, 61, 1893)));
        assertThat(events.terminals()).containsExactly(new AgentEvent.Finished());
    }

    @Test
    void replaysTheStudioFixtureOverHttp() {
        EventRecorder events = run(Script.fromFile("/sse/studio-answer.sse").chunked(2), ask("x"));

        assertThat(events.deltaText()).isEqualTo("数据存在MySQL 里 🗄️。");
        assertThat(events.terminals()).containsExactly(new AgentEvent.Finished());
    }

    @Test
    void runBlocksUntilTheTerminalEvent() throws InterruptedException {
        fake.enqueue(Script.answer("blocking run").deltas(4).pace(Duration.ofMillis(5)));
        EventRecorder events = new EventRecorder();

        client.run(ask("x"), events);

        assertThat(events.events().getLast()).isEqualTo(new AgentEvent.Finished());
        assertThat(events.deltaText()).isEqualTo("blocking run");
    }
}
