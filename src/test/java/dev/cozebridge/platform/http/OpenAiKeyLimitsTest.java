package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.cozebridge.fakes.ManualClock;
import dev.cozebridge.fakes.coze.Script;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code http.max_concurrent_per_key} and {@code http.requests_per_minute_per_key}: one API key cannot occupy
 * the Coze budget. Over a limit the API answers 429 with {@code Retry-After} at once, without calling Coze; other
 * keys keep their own budget.
 */
class OpenAiKeyLimitsTest {
    private static final String ASK = "{\"model\":\"helper\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM =
            "{\"model\":\"helper\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final ObjectMapper json = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private OpenAiFixture bridge;

    @AfterEach
    void stop() {
        bridge.close();
    }

    private HttpResponse<String> ask(String key) throws Exception {
        return bridge.post("/v1/chat/completions", "Bearer " + key, ASK);
    }

    @Test
    void requestsOverThePerMinuteLimitAreRefusedWithRetryAfterUntilTheWindowMoves() throws Exception {
        bridge = new OpenAiFixture()
                .bot("helper", "7400000000000000001")
                .clock(clock)
                .limits(10, 3)
                .start();
        for (int i = 0; i < 4; i++) {
            bridge.coze.enqueue(Script.answer("answer " + i));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(ask(OpenAiFixture.KEY).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = ask(OpenAiFixture.KEY);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("60");
        JsonNode error = json.readTree(refused.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").asText()).contains("3 requests in the last minute");

        clock.advance(Duration.ofSeconds(45));
        assertThatThrownBy(() -> bridge.openai()
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("helper")
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOfSatisfying(
                        RateLimitException.class,
                        e -> assertThat(e.headers().values("Retry-After")).containsExactly("15"));
        assertThat(bridge.coze.chats()).hasSize(3);

        // The other key has its own budget, and this key's window slides on.
        assertThat(ask(OpenAiFixture.OTHER_KEY).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(15));
        bridge.coze.enqueue(Script.answer("after the window"));
        assertThat(ask(OpenAiFixture.KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsOverTheConcurrencyLimitAreRefusedUntilOneFinishes() throws Exception {
        bridge = new OpenAiFixture()
                .bot("helper", "7400000000000000001")
                .limits(2, 1_000)
                .start();
        bridge.coze.enqueue(Script.answer("one two three").deltas(3).stallAfter(1));
        bridge.coze.enqueue(Script.answer("four five six").deltas(3).stallAfter(1));
        try (Socket first = openStream();
                Socket second = openStream()) {
            HttpResponse<String> third = ask(OpenAiFixture.KEY);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Retry-After")).contains("1");
            assertThat(json.readTree(third.body()).at("/error/code").asText()).isEqualTo("concurrency_limit_exceeded");
            assertThat(json.readTree(third.body()).at("/error/message").asText())
                    .contains("already has 2 requests running");
            assertThat(bridge.coze.chats()).hasSize(2);
            assertThat(ask(OpenAiFixture.OTHER_KEY).statusCode())
                    .as("another key is not held back")
                    .isNotEqualTo(429);

            first.close();
            // The server notices the closed stream at its next heartbeat, cancels that chat and frees its place.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> bridge.coze.cancels().size() == 1);
            bridge.coze.enqueue(Script.answer("room again"));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                HttpResponse<String> retry = ask(OpenAiFixture.KEY);
                return retry.statusCode() == 200;
            });
        }
    }

    /** Starts a streamed chat on a raw socket and returns once its first text has arrived. */
    private Socket openStream() throws IOException {
        int port = Integer.parseInt(bridge.baseUrl().substring(bridge.baseUrl().lastIndexOf(':') + 1));
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream()
                .write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + OpenAiFixture.KEY
                                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.contains("\"content\":\"one") || line.contains("\"content\":\"four")) {
                return socket;
            }
        }
        throw new IOException("the stream ended before its first text");
    }
}
