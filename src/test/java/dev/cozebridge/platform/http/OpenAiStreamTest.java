package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.coze.Script.KnowledgeChunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiStreamTest {
    private OpenAiFixture bridge;

    @BeforeEach
    void start() {
        bridge = new OpenAiFixture().bot("helper", "7400000000000000001").start();
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    private static ChatCompletionCreateParams question(boolean includeUsage) {
        ChatCompletionCreateParams.Builder builder =
                ChatCompletionCreateParams.builder().model("helper").addUserMessage("How long do refunds take?");
        if (includeUsage) {
            builder.streamOptions(
                    ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        return builder.build();
    }

    @Test
    void streamsTheAnswerAsChunksEndingWithCitationsAndUsage() {
        String answer = "Refunds take five business days — usually fewer. 🙂";
        bridge.coze.enqueue(Script.answer(answer)
                .deltas(6)
                .usage(30, 12)
                .knowledge(List.of(KnowledgeChunk.web("doc-1", "Refund policy", "https://example.com/refunds", 0.9))));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                bridge.openai().chat().completions().createStreaming(question(true))) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks.getFirst().choices().getFirst().delta().role())
                .contains(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        StringBuilder text = new StringBuilder();
        chunks.forEach(
                c -> c.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo(answer);
        assertThat(chunks.stream()
                        .filter(c -> !c.choices().isEmpty()
                                && c.choices()
                                        .getFirst()
                                        .delta()
                                        .content()
                                        .filter(s -> !s.isEmpty())
                                        .isPresent()))
                .hasSizeGreaterThan(1);

        ChatCompletionChunk last = chunks.get(chunks.size() - 2);
        assertThat(last.choices().getFirst().finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(last._additionalProperties().get("citations").convert(List.class))
                .isEqualTo(List.of(Map.of("title", "Refund policy", "url", "https://example.com/refunds")));
        ChatCompletionChunk usage = chunks.getLast();
        assertThat(usage.choices()).isEmpty();
        assertThat(usage.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(30);
            assertThat(u.completionTokens()).isEqualTo(12);
        });
        assertThat(chunks)
                .extracting(ChatCompletionChunk::id)
                .containsOnly(chunks.getFirst().id());
    }

    @Test
    void streamsAReasoningModelsThinkingAsReasoningContentInTheDeltaBeforeTheText() {
        bridge.coze.enqueue(Script.answer("Five days.").thinking("Refund policy says", " five days."));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                bridge.openai().chat().completions().createStreaming(question(false))) {
            stream.stream().forEach(chunks::add);
        }

        StringBuilder reasoning = new StringBuilder();
        StringBuilder text = new StringBuilder();
        int firstText = -1;
        int lastReasoning = -1;
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).choices().isEmpty()) {
                continue;
            }
            ChatCompletionChunk.Choice.Delta delta =
                    chunks.get(i).choices().getFirst().delta();
            var thought = delta._additionalProperties().get("reasoning_content");
            if (thought != null) {
                reasoning.append(thought.convert(String.class));
                lastReasoning = i;
            }
            String content = delta.content().orElse("");
            if (!content.isEmpty() && firstText < 0) {
                firstText = i;
            }
            text.append(content);
        }
        assertThat(reasoning.toString()).isEqualTo("Refund policy says five days.");
        assertThat(text.toString()).isEqualTo("Five days.");
        assertThat(lastReasoning).isLessThan(firstText);
    }

    @Test
    void aCompletionCarriesTheReasoningBesideTheContent() throws Exception {
        bridge.coze.enqueue(Script.answer("Five days.").thinking("Policy: five days."));

        var response = bridge.post(
                "/v1/chat/completions",
                "Bearer " + OpenAiFixture.KEY,
                "{\"model\":\"helper\",\"messages\":[{\"role\":\"user\",\"content\":\"refunds?\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        var message = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(response.body())
                .at("/choices/0/message");
        assertThat(message.path("content").asText()).isEqualTo("Five days.");
        assertThat(message.path("reasoning_content").asText()).isEqualTo("Policy: five days.");
    }

    @Test
    void sendsNoUsageChunkUnlessAsked() {
        bridge.coze.enqueue(Script.answer("Short answer.").deltas(2));

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                bridge.openai().chat().completions().createStreaming(question(false))) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks.getLast().choices().getFirst().finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks).allSatisfy(c -> assertThat(c.usage()).isEmpty());
    }

    @Test
    void endsWithAnErrorEventWhenCozeFailsMidStream() {
        bridge.coze.enqueue(
                Script.answer("First part, then trouble.").deltas(4).midStreamError(5000, "internal error", 2));

        StringBuilder text = new StringBuilder();
        assertThatThrownBy(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream =
                            bridge.openai().chat().completions().createStreaming(question(false))) {
                        stream.stream()
                                .forEach(c -> c.choices()
                                        .forEach(ch -> ch.delta().content().ifPresent(text::append)));
                    }
                })
                .isInstanceOfSatisfying(SseException.class, e -> {
                    assertThat(e.getMessage()).contains("Coze code 5000").contains("log id");
                    assertThat(e.code()).contains("coze_5000");
                });
        assertThat(text.toString()).isNotEmpty();
        assertThat("First part, then trouble.").startsWith(text.toString());
        await().untilAsserted(() -> assertThat(bridge.metrics.scrape())
                .contains("coze_bridge_replies_total{bot=\"helper\",platform=\"http\",status=\"partial\"} 1.0"));
    }

    @Test
    void aFailureBeforeTheAnswerIsAPlainErrorResponse() {
        bridge.coze.enqueue(Script.jsonError(200, 4013, "rate limited"));

        assertThatThrownBy(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream =
                            bridge.openai().chat().completions().createStreaming(question(false))) {
                        stream.stream().forEach(c -> {});
                    }
                })
                .isInstanceOfSatisfying(
                        com.openai.errors.RateLimitException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(429));
    }

    @Test
    void aClientThatHangsUpCancelsTheCozeChat() {
        bridge.coze.enqueue(
                Script.answer("One, two, three, four, five, six.").deltas(6).stallAfter(2));

        try (StreamResponse<ChatCompletionChunk> stream =
                bridge.openai().chat().completions().createStreaming(question(false))) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            String first = "";
            while (first.isEmpty()) {
                first = chunks.next().choices().getFirst().delta().content().orElse("");
            }
            assertThat(first).isNotEmpty();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(bridge.coze.cancels()).hasSize(1);
            assertThat(bridge.coze.cancels().getFirst().accepted()).isTrue();
            assertThat(bridge.coze.openStreams()).isZero();
        });
        await().untilAsserted(() -> assertThat(bridge.metrics.scrape())
                .contains("coze_bridge_replies_total{bot=\"helper\",platform=\"http\",status=\"cancelled\"} 1.0"));
    }
}
