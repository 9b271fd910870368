package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import com.openai.models.models.ModelRetrieveParams;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.coze.Script.KnowledgeChunk;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiChatTest {
    private static final String HELPER_ID = "7400000000000000001";
    private final ObjectMapper json = new ObjectMapper();
    private OpenAiFixture bridge;

    @BeforeEach
    void start() {
        bridge = new OpenAiFixture()
                .bot("helper", HELPER_ID)
                .bot("second", "7400000000000000002")
                .alias("pool", "helper", "second")
                .start();
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    private static ChatCompletionCreateParams.Builder ask(String model, String question) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(question);
    }

    @Test
    void listsEveryBotAndAliasAsAModel() {
        List<Model> models = bridge.openai().models().list().data();

        assertThat(models).extracting(Model::id).containsExactly("helper", "second", "pool");
        assertThat(models).allSatisfy(m -> assertThat(m.ownedBy()).isEqualTo("coze-bridge"));
        assertThat(bridge.openai()
                        .models()
                        .retrieve(ModelRetrieveParams.builder().model("pool").build())
                        .id())
                .isEqualTo("pool");
        assertThatThrownBy(() -> bridge.openai()
                        .models()
                        .retrieve(ModelRetrieveParams.builder().model("gpt-4o").build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void answersWithTheCompleteCozeAnswerUsageAndCitations() {
        bridge.coze.enqueue(Script.answer("Refunds take **5 business days**.")
                .deltas(4)
                .usage(12, 7)
                .knowledge(List.of(KnowledgeChunk.web("doc-1", "Refund policy", "https://example.com/refunds", 0.92))));

        ChatCompletion completion = bridge.openai()
                .chat()
                .completions()
                .create(ask("helper", "How long do refunds take?").build());

        assertThat(completion.model()).isEqualTo("helper");
        assertThat(completion.id()).startsWith("chatcmpl-");
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(choice.message().content()).contains("Refunds take **5 business days**.");
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(12);
            assertThat(usage.completionTokens()).isEqualTo(7);
            assertThat(usage.totalTokens()).isEqualTo(19);
        });
        JsonValue citations = completion._additionalProperties().get("citations");
        assertThat(citations.convert(List.class))
                .isEqualTo(List.of(Map.of("title", "Refund policy", "url", "https://example.com/refunds")));

        RecordedChat chat = bridge.coze.awaitChats(1).getFirst();
        assertThat(chat.botId()).isEqualTo(HELPER_ID);
        assertThat(chat.userId()).isEqualTo("openai:key-1");
        assertThat(chat.conversationId()).isNull();
    }

    @Test
    void relaysHistoryInOrderWithSystemTextBeforeTheFirstUserTurn() {
        ChatCompletion completion = bridge.openai()
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("helper")
                        .addSystemMessage("You are the refunds desk.")
                        .addUserMessage("Hi, I bought a kettle.")
                        .addAssistantMessage("Hello! How can I help with the kettle?")
                        .addUserMessage("Can I return it?")
                        .user("customer-42")
                        .build());

        assertThat(completion.choices().getFirst().message().content()).contains("You said: Can I return it?");
        RecordedChat chat = bridge.coze.awaitChats(1).getFirst();
        assertThat(chat.messages()).extracting(RecordedChat.Message::role).containsExactly("user", "assistant", "user");
        assertThat(chat.messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly(
                        "You are the refunds desk.\n\nHi, I bought a kettle.",
                        "Hello! How can I help with the kettle?",
                        "Can I return it?");
        assertThat(chat.messages().get(1).type()).isEqualTo("answer");
        assertThat(chat.userId()).isEqualTo("openai:customer-42");
    }

    @Test
    void refusesAWrongOrMissingKey() throws Exception {
        var stranger = bridge.sdk("sk-not-a-key");
        assertThatThrownBy(() ->
                        stranger.chat().completions().create(ask("helper", "hi").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.code()).contains("invalid_api_key");
                    assertThat(e.getMessage()).doesNotContain("sk-not-a-key");
                });
        assertThatThrownBy(() -> stranger.models().list()).isInstanceOf(UnauthorizedException.class);
        stranger.close();

        HttpResponse<String> missing = bridge.post(
                "/v1/chat/completions",
                null,
                "{\"model\":\"helper\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json.readTree(missing.body()).at("/error/message").asText()).contains("Authorization: Bearer");

        var second = bridge.sdk(OpenAiFixture.OTHER_KEY);
        assertThat(second.models().list().data()).isNotEmpty();
        second.close();
        assertThat(bridge.coze.chats()).isEmpty();
    }

    @Test
    void answersNotFoundForAnUnknownModel() {
        assertThatThrownBy(() -> bridge.openai()
                        .chat()
                        .completions()
                        .create(ask("gpt-4o", "hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                    assertThat(e.getMessage()).contains("'gpt-4o' does not exist");
                });
        assertThat(bridge.coze.chats()).isEmpty();
    }

    @Test
    void answersBadRequestSayingWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> bridge.openai()
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("helper")
                                .addUserMessage("hi")
                                .addAssistantMessage("hello")
                                .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.param()).contains("messages[1].role");
                    assertThat(e.getMessage()).contains("The last message must have role 'user'");
                });

        HttpResponse<String> notJson =
                bridge.post("/v1/chat/completions", "Bearer " + OpenAiFixture.KEY, "{\"model\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(notJson.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).startsWith("The request body is not valid JSON");

        HttpResponse<String> noMessages = bridge.post(
                "/v1/chat/completions", "Bearer " + OpenAiFixture.KEY, "{\"model\":\"helper\",\"messages\":[]}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noMessages.body()).at("/error/param").asText()).isEqualTo("messages");
        assertThat(bridge.coze.chats()).isEmpty();
    }

    @Test
    void answersBadGatewayWithCozeCodeAndLogIdWhenCozeFails() {
        bridge.coze.enqueue(Script.jsonError(200, 4200, "bot not published"));

        assertThatThrownBy(() -> bridge.openai()
                        .chat()
                        .completions()
                        .create(ask("helper", "hi").build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage())
                            .contains("Coze code 4200")
                            .contains("log id " + bridge.coze.chats().getFirst().logId());
                });
        assertThat(bridge.metrics.scrape())
                .contains("coze_bridge_coze_errors_total{bot=\"helper\",code=\"4200\"} 1.0")
                .contains("coze_bridge_replies_total{bot=\"helper\",platform=\"http\",status=\"failed\"} 1.0");
    }

    @Test
    void answersTooManyRequestsWhenCozeRateLimits() {
        bridge.coze.enqueue(Script.jsonError(200, 4013, "request rate exceeded"));

        assertThatThrownBy(() -> bridge.openai()
                        .chat()
                        .completions()
                        .create(ask("helper", "hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.getMessage()).contains("4013");
                });
    }

    @Test
    void countsTheChatInTheMetrics() throws Exception {
        bridge.coze.enqueue(Script.answer("abcdef").deltas(3).usage(20, 6));

        bridge.openai().chat().completions().create(ask("helper", "hi").build());

        HttpResponse<String> metrics = bridge.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("coze_bridge_replies_total{bot=\"helper\",platform=\"http\",status=\"complete\"} 1.0")
                .contains("coze_bridge_deltas_total{bot=\"helper\"} 3.0")
                .contains("coze_bridge_tokens_total{bot=\"helper\",kind=\"input\"} 20.0")
                .contains("coze_bridge_tokens_total{bot=\"helper\",kind=\"output\"} 6.0")
                .contains("coze_bridge_time_to_first_delta_seconds_count{bot=\"helper\",platform=\"http\"} 1");
    }
}
