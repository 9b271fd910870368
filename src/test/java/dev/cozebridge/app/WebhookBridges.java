package dev.cozebridge.app;

import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.ConfigLoader;
import dev.cozebridge.config.DatabaseSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Bridge instances in this JVM on one PostgreSQL database, each serving bot {@code helpdesk}'s Telegram webhook
 * (behind FakeTelegram's reverse proxy at {@link #PUBLIC}) and the HTTP API on a free port, with 3-second leases;
 * and the shared database as a test reads it. Closing closes every instance started.
 */
final class WebhookBridges implements AutoCloseable {
    static final String PUBLIC = "https://bridge.example.com";
    static final String SECRET = "multi-instance-secret";
    static final String BOT = "helpdesk";

    private final Path dir;
    private final FakeTelegram telegram;
    private final FakeCoze coze;
    private final String database;
    private final int cozeRequestsPerSecond;
    private final List<App> apps = new ArrayList<>();
    private Database reader;

    WebhookBridges(Path dir, FakeTelegram telegram, FakeCoze coze, String database) {
        this(dir, telegram, coze, database, 5);
    }

    /** @param cozeRequestsPerSecond each instance's client-side Coze rate ({@code coze.requests_per_second}) */
    WebhookBridges(Path dir, FakeTelegram telegram, FakeCoze coze, String database, int cozeRequestsPerSecond) {
        this.dir = dir;
        this.telegram = telegram;
        this.coze = coze;
        this.database = database;
        this.cozeRequestsPerSecond = cozeRequestsPerSecond;
    }

    /** A new instance with its HTTP server up (serving the webhook); its platforms are not started yet. */
    App start() throws Exception {
        Path config = dir.resolve("bots-" + apps.size() + ".yml");
        Files.writeString(config, """
                coze: {base_url: %s, token_env: COZE_API_TOKEN, max_retries: 0, requests_per_second: %d}
                database: {url: "%s", user: postgres}
                instance: {lease_ttl: 3s}
                http: {port: 0, host: 127.0.0.1, api_keys_env: BRIDGE_API_KEYS}
                bots:
                  - name: %s
                    coze: {bot_id: "7400000000000000001"}
                    conversation: {parallel: 1}
                    telegram:
                      token_env: TELEGRAM_TOKEN
                      api_url: %s
                      webhook: {url: "%s/telegram/%s", secret_env: TELEGRAM_WEBHOOK_SECRET}
                """.formatted(
                        coze.baseUrl(), cozeRequestsPerSecond, database, BOT, telegram.apiUrl(), PUBLIC, BOT));
        Map<String, String> env = Map.of(
                "COZE_API_TOKEN",
                coze.token(),
                "BRIDGE_API_KEYS",
                "sk-test",
                "TELEGRAM_TOKEN",
                telegram.token(),
                "TELEGRAM_WEBHOOK_SECRET",
                SECRET);
        BridgeConfig cfg = new ConfigLoader(env::get).load(config);
        App app = new App(cfg, cfg.bots(), Clock.systemUTC());
        apps.add(app);
        app.startHttp();
        return app;
    }

    /** The shared database, opened once by the test itself (PostgreSQL takes many clients). */
    HistoryStore history() {
        if (reader == null) {
            reader = Database.open(new DatabaseSettings(database, "postgres", null));
        }
        return new JdbcHistoryStore(new Jdbc(reader.dataSource()));
    }

    static String base(App app) {
        return "http://127.0.0.1:" + app.httpPort();
    }

    /** The instance's Prometheus text. */
    static String metrics(App app) throws Exception {
        return get(base(app) + "/metrics");
    }

    /** The body of a plain GET. */
    static String get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    /** The sum of the sample values on the lines {@code wanted} picks. */
    static double sum(String metrics, Predicate<String> wanted) {
        return metrics.lines()
                .filter(wanted)
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Override
    public void close() {
        apps.forEach(App::close);
        if (reader != null) {
            reader.close();
        }
    }
}
