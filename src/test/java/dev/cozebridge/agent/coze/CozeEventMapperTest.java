package dev.cozebridge.agent.coze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CozeEventMapperTest {
    private final ObjectMapper json = new ObjectMapper();

    private List<AgentEvent> feed(CozeEventMapper mapper, String resource) {
        List<AgentEvent> events = new ArrayList<>();
        for (SseFixture e : SseFixture.load(resource)) {
            events.addAll(mapper.map(e.event(), e.data()));
        }
        return events;
    }

    @Test
    void mapsTheReferenceTranscriptVerbatim() {
        List<AgentEvent> events = feed(new CozeEventMapper(json, "LOG1"), "/sse/kb-answer.sse");

        String answerId = "7431283384104583194";
        String full = "Refunds go back to your original payment method within 5–7 business days once the return is "
                + "inspected. You can return unused items within 30 days of delivery.";
        assertThat(events)
                .containsExactly(
                        new AgentEvent.ChatStarted("7431283384104517658", "7431283376412344370"),
                        new AgentEvent.KnowledgeRecalled(List.of(
                                new Citation("7428811621034786842", "refund-policy.pdf", null, 0.8613),
                                new Citation(
                                        "7428812004977573914",
                                        "Returns FAQ",
                                        "https://help.example.com/returns",
                                        0.7421))),
                        new AgentEvent.TextDelta(answerId, "Refunds"),
                        new AgentEvent.TextDelta(answerId, " go back to your original"),
                        new AgentEvent.TextDelta(answerId, " payment method within 5–7 business"),
                        new AgentEvent.TextDelta(answerId, " days once the return is inspected."),
                        new AgentEvent.TextDelta(answerId, " You can return unused items within"),
                        new AgentEvent.TextDelta(answerId, " 30 days of delivery."),
                        new AgentEvent.AnswerCompleted(answerId, full),
                        new AgentEvent.FollowUp("How do I start a return?"),
                        new AgentEvent.Usage(new TokenUsage(1832, 61, 1893)),
                        new AgentEvent.Finished(),
                        // the trailing done event after completion is again a success; the client stops before it
                        new AgentEvent.Finished());
    }

    @Test
    void mapsTheStudioDialect() {
        CozeEventMapper mapper = new CozeEventMapper(json, null);
        List<AgentEvent> events = feed(mapper, "/sse/studio-answer.sse");

        assertThat(events)
                .contains(new AgentEvent.KnowledgeRecalled(List.of(
                        // numeric ids, empty link and card: the document name is the title; the duplicate chunk is
                        // dropped
                        new Citation("7500000000000000011", "ops-guide.md", null, 0.91))));
        assertThat(events)
                .filteredOn(AgentEvent.TextDelta.class::isInstance)
                .extracting(e -> ((AgentEvent.TextDelta) e).text())
                .containsExactly("数据存在", "MySQL 里 🗄️", "。");
        assertThat(events).contains(new AgentEvent.Usage(new TokenUsage(20, 10, 30)));
        assertThat(mapper.completed()).isTrue();
        assertThat(events.getLast()).isEqualTo(new AgentEvent.Finished());
    }

    @Test
    void theRealBusyTranscriptIsAConversationBusyFailure() {
        List<AgentEvent> events = feed(new CozeEventMapper(json, "LOG2"), "/sse/busy-4016.sse");

        assertThat(events).hasSize(1);
        AgentFailure failure = ((AgentEvent.Failed) events.getFirst()).failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.CONVERSATION_BUSY);
        assertThat(failure.code()).isEqualTo(4016);
        assertThat(failure.logId()).isEqualTo("LOG2");
        assertThat(failure.message()).contains("Conversation occupied");
    }

    @Test
    void chatFailedCarriesLastError() {
        List<AgentEvent> events = feed(new CozeEventMapper(json, "LOG3"), "/sse/chat-failed.sse");

        assertThat(events)
                .containsExactly(new AgentEvent.Failed(new AgentFailure(
                        FailureKind.SERVER_ERROR, 5000, "conversation.chat.failed: event interval error", "LOG3")));
    }

    @Test
    void bareChatFailedIsToleratedToo() {
        List<AgentEvent> events = new CozeEventMapper(json, null)
                .map("conversation.chat.failed", "{\"code\":701231,\"msg\":\"model overloaded\"}");

        assertThat(events)
                .containsExactly(new AgentEvent.Failed(new AgentFailure(
                        FailureKind.OTHER, 701231, "conversation.chat.failed: model overloaded", null)));
    }

    @Test
    void malformedDataIsAMalformedResponse() {
        List<AgentEvent> events =
                new CozeEventMapper(json, "L").map("conversation.message.delta", "{\"id\":\"1\",\"con");

        AgentFailure failure = ((AgentEvent.Failed) events.getFirst()).failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
        assertThat(failure.logId()).isEqualTo("L");
    }

    @Test
    void ignoresUnknownEventsAndEmptyDeltas() {
        CozeEventMapper mapper = new CozeEventMapper(json, null);

        assertThat(mapper.map("conversation.audio.delta", "{}")).isEmpty();
        assertThat(mapper.map("some.future.event", "not even json")).isEmpty();
        assertThat(mapper.map(null, "{}")).isEmpty();
        assertThat(mapper.map(
                        "conversation.message.delta",
                        "{\"id\":\"9\",\"type\":\"answer\",\"content\":\"\",\"reasoning_content\":\"\"}"))
                .isEmpty();
        assertThat(
                        mapper.map(
                                "conversation.message.completed",
                                "{\"id\":\"9\",\"type\":\"verbose\",\"content\":\"{\\\"msg_type\\\":\\\"generate_answer_finish\\\"}\"}"))
                .isEmpty();
        assertThat(mapper.map(
                        "conversation.message.completed",
                        "{\"id\":\"9\",\"type\":\"knowledge\",\"content\":\"---\\nrecall slice 1: plain text\"}"))
                .isEmpty();
    }

    @Test
    void endWithoutCompletionIsACutStream() {
        CozeEventMapper mapper = new CozeEventMapper(json, "L9");
        mapper.map("conversation.chat.created", "{\"id\":\"1\",\"conversation_id\":\"2\"}");

        assertThat(mapper.map("done", "\"[DONE]\""))
                .containsExactly(new AgentEvent.Failed(new AgentFailure(
                        FailureKind.STREAM_CUT, 0, "the stream ended before conversation.chat.completed", "L9")));
    }

    @Test
    void knowledgeWithoutChunksIsAnEmptyRecall() {
        String content = "{\\\"msg_type\\\":\\\"knowledge_recall\\\",\\\"data\\\":\\\"{\\\\\\\"chunks\\\\\\\":[]}\\\"}";
        List<AgentEvent> events = new CozeEventMapper(json, null)
                .map(
                        "conversation.message.completed",
                        "{\"id\":\"5\",\"type\":\"verbose\",\"content\":\"" + content + "\"}");

        assertThat(events).containsExactly(new AgentEvent.KnowledgeRecalled(List.of()));
    }

    @Test
    void reasoningDeltasAreTheirOwnEventsNeverText() {
        CozeEventMapper mapper = new CozeEventMapper(json, null);

        assertThat(mapper.map(
                        "conversation.message.delta",
                        "{\"id\":\"9\",\"type\":\"answer\",\"content\":\"\",\"reasoning_content\":\"hmm\"}"))
                .containsExactly(new AgentEvent.ReasoningDelta("9", "hmm"));
        assertThat(mapper.map(
                        "conversation.message.delta",
                        "{\"id\":\"9\",\"type\":\"answer\",\"content\":\"Yes\",\"reasoning_content\":\".\"}"))
                .containsExactly(new AgentEvent.ReasoningDelta("9", "."), new AgentEvent.TextDelta("9", "Yes"));
    }

    @Test
    void pluginCallsAndResponsesAreToolProgress() {
        CozeEventMapper mapper = new CozeEventMapper(json, null);
        String call = "{\\\"name\\\":\\\"toutiao_search\\\",\\\"arguments\\\":{},\\\"plugin_id\\\":7}";

        assertThat(mapper.map(
                        "conversation.message.completed",
                        "{\"id\":\"3\",\"type\":\"function_call\",\"content\":\"" + call + "\"}"))
                .containsExactly(new AgentEvent.ToolStarted("toutiao_search"));
        assertThat(mapper.map(
                        "conversation.message.completed",
                        "{\"id\":\"4\",\"type\":\"tool_response\",\"content\":\"{}\"}"))
                .containsExactly(new AgentEvent.ToolFinished());
        assertThat(mapper.map(
                        "conversation.message.completed",
                        "{\"id\":\"5\",\"type\":\"function_call\",\"content\":\"not json\"}"))
                .containsExactly(new AgentEvent.ToolStarted(null));
    }

    @Test
    void requiresActionCarriesTheQuestionOfAQuestionNode() {
        String chat = "{\"id\":\"1\",\"conversation_id\":\"2\",\"status\":\"requires_action\","
                + "\"required_action\":{\"type\":\"submit_tool_outputs\",\"submit_tool_outputs\":{\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"reply_message\",\"function\":{\"name\":\"ask\","
                + "\"arguments\":\"{\\\"question\\\":\\\"Which city?\\\"}\"}}]}}}";

        List<AgentEvent> events = new CozeEventMapper(json, "L").map("conversation.chat.requires_action", chat);

        assertThat(events.getFirst()).isEqualTo(new AgentEvent.ActionRequired("Which city?"));
        AgentFailure failure = ((AgentEvent.Failed) events.get(1)).failure();
        assertThat(failure.kind()).isEqualTo(FailureKind.ACTION_REQUIRED);
        assertThat(failure.message()).contains("reply_message");
        assertThat(failure.logId()).isEqualTo("L");
    }

    @Test
    void requiresActionOfAClientPluginHasNoQuestion() {
        String chat = "{\"id\":\"1\",\"status\":\"requires_action\",\"required_action\":{\"submit_tool_outputs\":"
                + "{\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"local\","
                + "\"arguments\":\"{\\\"location\\\":\\\"Nanjing\\\"}\"}}]}}}";

        assertThat(new CozeEventMapper(json, null)
                        .map("conversation.chat.requires_action", chat)
                        .getFirst())
                .isEqualTo(new AgentEvent.ActionRequired(null));
    }
}
