package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.ConfigLoader;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same recorded Coze streams give the same answer text, sources and follow-ups through {@code ask}, the
 * terminal {@code chat}, a chat platform and the HTTP API (streaming and not): the rules live once, in the
 * core's answer accumulator and footnote selector.
 */
class OneAnswerEverywhereTest {

    private static final String QUESTION = "How do refunds work?";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A recorded stream and what every surface must make of it. */
    record Case(String name, Supplier<Script> script, String text, List<String> sources, List<String> followUps) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case(
                        "two answer messages, a completed text that extends its deltas, duplicate sources and "
                                + "follow-ups",
                        () -> Script.fromFile("/sse/two-answers.sse"),
                        "Refunds go back to the original payment method in 5–7 days.\n\n"
                                + "退款很快 🚀 Start a return from your orders page.",
                        List.of("Returns FAQ|https://help.example.com/returns", "refund-policy.pdf|"),
                        List.of("How do I start a return?", "Can I get store credit instead?")),
                new Case(
                        "one answer with knowledge sharing a link",
                        () -> Script.answer("Refunds take 5–7 business days.")
                                .deltas(4)
                                .knowledge(List.of(
                                        Script.KnowledgeChunk.web(
                                                "d1", "Returns FAQ", "https://help.example.com/returns", 0.9),
                                        Script.KnowledgeChunk.file("d2", "refund-policy.pdf", 0.8),
                                        Script.KnowledgeChunk.web(
                                                "d3", "Returns FAQ (copy)", "https://help.example.com/returns", 0.7)))
                                .followUps("What about exchanges?"),
                        "Refunds take 5–7 business days.",
                        List.of("Returns FAQ|https://help.example.com/returns", "refund-policy.pdf|"),
                        List.of("What about exchanges?")));
    }

    @TempDir
    Path dir;

    private FakeCoze coze;
    private Path config;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        coze = FakeCoze.start();
        env = Map.of("COZE_API_TOKEN", coze.token(), "BRIDGE_API_KEYS", "sk-test");
        config = dir.resolve("bots.yml");
        Files.writeString(config, """
                coze: {base_url: %s, token_env: COZE_API_TOKEN, max_retries: 0}
                database: {url: "jdbc:h2:file:%s/data/bridge"}
                http: {port: 0, host: 127.0.0.1, api_keys_env: BRIDGE_API_KEYS}
                bots:
                  - name: demo
                    coze: {bot_id: "7400000000000000001"}
                """.formatted(coze.baseUrl(), dir));
    }

    @AfterEach
    void tearDown() {
        coze.close();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everySurfaceShowsTheSameAnswer(Case c) throws Exception {
        String consoleSources = consoleFootnotes(c.sources());

        coze.enqueue(c.script().get());
        var ask = CliRunner.run(env, "", "ask", "--bot", "demo", "--config", config.toString(), QUESTION);
        assertThat(ask.exitCode()).as(ask.err()).isZero();
        assertThat(ask.out()).isEqualTo(c.text() + "\n\n" + consoleSources + "\n");

        coze.enqueue(c.script().get());
        var chat = CliRunner.run(
                env, QUESTION + "\n", "chat", "--bot", "demo", "--user", "ann", "--config", config.toString());
        assertThat(chat.exitCode()).as(chat.err()).isZero();
        assertThat(chat.out()).contains(c.text() + "\n\n" + consoleSources);

        BridgeConfig cfg = new ConfigLoader(env::get).load(config);
        try (App app = new App(cfg, cfg.bots(), Clock.systemUTC())) {
            RecordingPlatform platform =
                    new RecordingPlatform("demo", "test", RecordingPlatform.fastLimits(), Clock.systemUTC());
            app.conversations().register(platform);
            platform.start(app.conversations());
            app.startHttp();

            coze.enqueue(c.script().get());
            ConversationKey key = new ConversationKey("demo", "test", "room");
            app.conversations()
                    .accept(new InboundMessage(
                            key,
                            "m-1",
                            new Author("u-1", "Ann"),
                            QUESTION,
                            ReplyTarget.channel("room"),
                            false,
                            Instant.now(),
                            List.of("room")));
            assertThat(app.conversations().awaitIdle(key, Duration.ofSeconds(30)))
                    .isTrue();
            assertThat(platform.messages("room"))
                    .containsExactly(c.text() + "\n\n" + RecordingPlatform.MARKUP.footnotes(citations(c.sources())));

            coze.enqueue(c.script().get());
            JsonNode completion = post(app.httpPort(), false);
            assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo(c.text());
            List<String> httpSources = new ArrayList<>();
            completion
                    .path("citations")
                    .forEach(s -> httpSources.add(s.path("title").asText() + "|"
                            + (s.path("url").isNull() ? "" : s.path("url").asText())));
            assertThat(httpSources).isEqualTo(c.sources());
            List<String> followUps = new ArrayList<>();
            completion.path("follow_ups").forEach(f -> followUps.add(f.asText()));
            assertThat(followUps).isEqualTo(c.followUps());

            coze.enqueue(c.script().get());
            assertThat(streamedText(app.httpPort())).isEqualTo(c.text());
        }
    }

    private static String consoleFootnotes(List<String> sources) {
        StringBuilder out = new StringBuilder("Sources:");
        for (int i = 0; i < sources.size(); i++) {
            String[] parts = sources.get(i).split("\\|", -1);
            out.append("\n[").append(i + 1).append("] ").append(parts[0]);
            if (!parts[1].isEmpty()) {
                out.append(" - ").append(parts[1]);
            }
        }
        return out.toString();
    }

    private static List<dev.cozebridge.core.Citation> citations(List<String> sources) {
        return sources.stream()
                .map(s -> s.split("\\|", -1))
                .map(p -> new dev.cozebridge.core.Citation(null, p[0], p[1].isEmpty() ? null : p[1], Double.NaN))
                .toList();
    }

    private JsonNode post(int port, boolean stream) throws Exception {
        return JSON.readTree(send(port, stream).body());
    }

    private String streamedText(int port) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line : send(port, true).body().split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                JsonNode delta = JSON.readTree(line.substring(6)).at("/choices/0/delta/content");
                if (delta.isTextual()) {
                    text.append(delta.asText());
                }
            }
        }
        return text.toString();
    }

    private HttpResponse<String> send(int port, boolean stream) throws Exception {
        String body = JSON.createObjectNode()
                .put("model", "demo")
                .put("stream", stream)
                .set(
                        "messages",
                        JSON.createArrayNode()
                                .add(JSON.createObjectNode().put("role", "user").put("content", QUESTION)))
                .toString();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                            .header("Authorization", "Bearer sk-test")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response;
        }
    }
}
