package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiAliasTest {
    private static final String A = "7400000000000000011";
    private static final String B = "7400000000000000012";
    private static final String C = "7400000000000000013";
    private OpenAiFixture bridge;

    @BeforeEach
    void start() {
        bridge = new OpenAiFixture()
                .bot("a", A)
                .bot("b", B)
                .bot("c", C)
                .alias("pool", "a", "b", "c")
                .start();
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    private ChatCompletion ask(String question) {
        return bridge.openai()
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("pool")
                        .addUserMessage(question)
                        .build());
    }

    @Test
    void spreadsConcurrentRequestsRoundRobinOverTheAliasBots() throws Exception {
        List<Future<ChatCompletion>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                String question = "question " + i;
                answers.add(callers.submit(() -> ask(question)));
            }
        }
        for (int i = 0; i < 6; i++) {
            assertThat(answers.get(i).get().choices().getFirst().message().content())
                    .contains("You said: question " + i);
            assertThat(answers.get(i).get().model()).isEqualTo("pool");
        }

        Map<String, Long> perBot = bridge.coze.awaitChats(6).stream()
                .collect(Collectors.groupingBy(RecordedChat::botId, Collectors.counting()));
        assertThat(perBot).isEqualTo(Map.of(A, 2L, B, 2L, C, 2L));
    }

    @Test
    void takesTurnsInConfiguredOrder() {
        for (int i = 0; i < 4; i++) {
            ask("q" + i);
        }
        assertThat(bridge.coze.awaitChats(4)).extracting(RecordedChat::botId).containsExactly(A, B, C, A);
    }

    @Test
    void failsOverToTheNextBotWhenOneFailsBeforeAnswering() {
        bridge.coze.enqueue(
                Script.jsonError(200, 5000, "internal error"),
                Script.answer("Answered by the next bot.").deltas(2));

        ChatCompletion completion = ask("hello?");

        assertThat(completion.choices().getFirst().message().content()).contains("Answered by the next bot.");
        List<RecordedChat> chats = bridge.coze.awaitChats(2);
        assertThat(chats).extracting(RecordedChat::botId).containsExactly(A, B);
        assertThat(chats).extracting(RecordedChat::lastUserText).containsOnly("hello?");
        assertThat(bridge.metrics.scrape())
                .contains("coze_bridge_coze_errors_total{bot=\"a\",code=\"5000\"} 1.0")
                .contains("coze_bridge_replies_total{bot=\"b\",platform=\"http\",status=\"complete\"} 1.0");
    }

    @Test
    void failsOverWhileStreamingAsLongAsNoTextWasSent() {
        bridge.coze.enqueue(
                Script.jsonError(200, 4013, "slow down"),
                Script.answer("Streamed by the next bot.").deltas(3));

        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = bridge.openai()
                .chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("pool")
                        .addUserMessage("hello?")
                        .build())) {
            stream.stream()
                    .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }

        assertThat(text.toString()).isEqualTo("Streamed by the next bot.");
        assertThat(bridge.coze.awaitChats(2)).extracting(RecordedChat::botId).containsExactly(A, B);
    }

    @Test
    void reportsTheLastFailureWhenEveryBotFails() {
        bridge.coze.enqueue(
                Script.jsonError(200, 5000, "down"),
                Script.jsonError(200, 5000, "down"),
                Script.jsonError(200, 4013, "slow down"));

        assertThatThrownBy(() -> ask("anyone?"))
                .isInstanceOfSatisfying(
                        RateLimitException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(429));
        assertThat(bridge.coze.awaitChats(3)).extracting(RecordedChat::botId).containsExactly(A, B, C);
    }
}
