package dev.cozebridge.platform.http;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.HttpSettings;
import dev.cozebridge.config.HttpSettings.ModelAlias;
import dev.cozebridge.config.Secret;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.metrics.MicrometerMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API as it runs: our Coze client against the strict fake Coze, the server on a free port, and the
 * official OpenAI Java SDK as the caller.
 */
final class OpenAiFixture implements AutoCloseable {
    static final String KEY = "sk-bridge-test-0123456789";
    static final String OTHER_KEY = "sk-bridge-test-second-key";

    final FakeCoze coze = FakeCoze.start();
    final MicrometerMetrics metrics = new MicrometerMetrics();
    private final Map<String, HttpBot> bots = new LinkedHashMap<>();
    private final List<ModelAlias> aliases = new ArrayList<>();
    private final CozeSettings cozeSettings;
    private final CozeClient client;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Readiness readiness = new Readiness(() -> true, List.of());
    private Clock clock = Clock.systemUTC();
    private int maxConcurrentPerKey = HttpSettings.DEFAULT_MAX_CONCURRENT_PER_KEY;
    private int requestsPerMinutePerKey = HttpSettings.DEFAULT_REQUESTS_PER_MINUTE_PER_KEY;
    private OpenAiServer server;
    private OpenAIClient openai;

    OpenAiFixture() {
        this(Duration.ofSeconds(10));
    }

    OpenAiFixture(Duration firstEventTimeout) {
        // No retries inside the client, so every scripted failure reaches the server (and failover) as it is.
        cozeSettings = TestSettings.coze(coze)
                .connectTimeout(Duration.ofSeconds(2))
                .firstEventTimeout(firstEventTimeout)
                .requestsPerSecond(1000)
                .build();
        client = CozeClient.create(cozeSettings);
    }

    OpenAiFixture bot(String name, String botId) {
        return bot(name, botId, false);
    }

    OpenAiFixture bot(String name, String botId, boolean imageBot) {
        BotSettings settings = BotSettings.builder(name, botId, cozeSettings)
                .imageBot(imageBot)
                .build();
        bots.put(name, new HttpBot(settings, client.apiAgent(), client));
        return this;
    }

    OpenAiFixture alias(String model, String... members) {
        aliases.add(new ModelAlias(model, List.of(members)));
        return this;
    }

    OpenAiFixture readiness(Readiness readiness) {
        this.readiness = readiness;
        return this;
    }

    /** The server's clock (the per-minute window, timestamps). */
    OpenAiFixture clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** {@code http.max_concurrent_per_key} and {@code http.requests_per_minute_per_key}. */
    OpenAiFixture limits(int maxConcurrentPerKey, int requestsPerMinutePerKey) {
        this.maxConcurrentPerKey = maxConcurrentPerKey;
        this.requestsPerMinutePerKey = requestsPerMinutePerKey;
        return this;
    }

    OpenAiFixture start() {
        HttpSettings settings = new HttpSettings(
                "127.0.0.1",
                0,
                List.of(new Secret(KEY), new Secret(OTHER_KEY)),
                aliases,
                maxConcurrentPerKey,
                requestsPerMinutePerKey,
                HttpSettings.DEFAULT_COZE_SHARE);
        server = new OpenAiServer(settings, bots, readiness, metrics, clock, Duration.ofMillis(50));
        server.start();
        openai = sdk(KEY);
        return this;
    }

    /** The SDK without its own retries, so one call is one request. */
    OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    OpenAIClient openai() {
        return openai;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String authorization, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        if (openai != null) {
            openai.close();
        }
        if (server != null) {
            server.close();
        }
        client.close();
        coze.close();
    }
}
