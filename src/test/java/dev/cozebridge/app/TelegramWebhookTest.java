package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.ConfigLoader;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telegram in webhook mode through the real wiring: the bridge's HTTP server serves the webhook path, FakeTelegram
 * posts updates to it through a TLS-terminating reverse proxy (round-robin over the instances), redelivers on
 * anything but 2xx, and can deliver an update twice.
 */
class TelegramWebhookTest {

    private static final String PUBLIC = "https://bridge.example.com";
    private static final String SECRET = "s3cret-token_1";
    private static final String QUEUE_DEPTH = "coze_bridge_queue_depth{bot=\"helpdesk\",platform=\"telegram\"}";

    @TempDir
    Path dir;

    private final FakeTelegram telegram =
            FakeTelegram.start(FakeTelegram.Settings.defaults().withWebhookRetry(Duration.ofMillis(100)));
    private final FakeCoze coze = FakeCoze.start();
    private final FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");
    private final List<App> apps = new ArrayList<>();

    @AfterEach
    void close() {
        apps.forEach(App::close);
        telegram.close();
        coze.close();
    }

    @Test
    void updatesArriveByWebhookAndAreAnsweredOnceEvenWhenDeliveredTwice() throws Exception {
        App app = start(TestDatabases.freshUrl(TestDatabases.Kind.H2, dir));
        telegram.reverseProxy(PUBLIC, "http://127.0.0.1:" + app.httpPort());
        app.startPlatforms();

        assertThat(telegram.webhook())
                .isEqualTo(new FakeTelegram.Webhook(
                        PUBLIC + "/telegram/helpdesk", SECRET, List.of("message", "edited_message", "callback_query")));
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        coze.defaultScript(c -> Script.answer("Hello by webhook."));
        telegram.userSays(chat, alice, "hi");
        await().until(() -> !telegram.sent(chat).isEmpty()
                && telegram.sent(chat).getLast().text().equals("Hello by webhook."));

        telegram.deliverTwice(1);
        telegram.userSays(chat, alice, "again");
        await().until(() -> telegram.webhookAttempts().stream()
                        .filter(a -> a.status() == 200)
                        .count()
                == 3);
        await().until(() -> coze.chats().size() == 2 && telegram.sent(chat).size() == 2);
        assertThat(telegram.calls("getUpdates")).isEmpty();
        assertThat(telegram.pendingUpdates()).isZero();
    }

    @Test
    void aRequestWithoutTheSecretIsRefusedUnreadAndTheAdapterNotStartedMeansRetryLater() throws Exception {
        App app = start(TestDatabases.freshUrl(TestDatabases.Kind.H2, dir));
        String url = "http://127.0.0.1:" + app.httpPort() + "/telegram/helpdesk";
        // not valid JSON at all: a 401 (not 400) shows the body was never parsed
        assertThat(post(url, null, "{not json")).isEqualTo(401);
        assertThat(post(url, "wrong", "{not json")).isEqualTo(401);
        // the adapter is not started yet: Telegram is asked to come back
        assertThat(post(url, SECRET, "{\"update_id\":1}")).isEqualTo(503);

        telegram.reverseProxy(PUBLIC, "http://127.0.0.1:" + app.httpPort());
        app.startPlatforms();
        assertThat(post(url, SECRET, "{not json")).isEqualTo(400);
        assertThat(post(url, SECRET, "{\"message\":{}}")).isEqualTo(400);
    }

    @Test
    void twoInstancesBehindARoundRobinAnswerARedeliveredUpdateOnce() throws Exception {
        String database = TestDatabases.freshPostgres();
        App first = start(database);
        App second = start(database);
        telegram.reverseProxy(PUBLIC, "http://127.0.0.1:" + first.httpPort(), "http://127.0.0.1:" + second.httpPort());
        first.startPlatforms();
        second.startPlatforms();
        coze.defaultScript(c -> Script.answer("One answer."));
        FakeTelegram.Chat chat = telegram.privateChat(alice);

        telegram.deliverTwice(3);
        for (int i = 0; i < 3; i++) {
            telegram.userSays(chat, alice, "question " + i);
        }
        await().until(() -> telegram.webhookAttempts().stream()
                        .filter(a -> a.status() == 200)
                        .count()
                == 6);
        // each update reached both instances (round-robin), and only one of them took it
        Map<Integer, Set<Integer>> instancesPerUpdate = telegram.webhookAttempts().stream()
                .collect(Collectors.groupingBy(
                        FakeTelegram.WebhookAttempt::updateId,
                        Collectors.mapping(a -> URI.create(a.target()).getPort(), Collectors.toSet())));
        assertThat(instancesPerUpdate)
                .hasSize(3)
                .allSatisfy((id, instances) -> assertThat(instances).hasSize(2));
        await().until(() -> coze.chats().size() == 3 && telegram.sent(chat).size() == 3);
        // the answers stream at once; each ends with the whole text
        await().untilAsserted(() -> assertThat(telegram.sent(chat))
                .extracting(FakeTelegram.SentMessage::text)
                .containsOnly("One answer."));
        assertThat(coze.chats()).hasSize(3);
        // each instance counts the copies it dropped; together they are the three second deliveries
        assertThat(redeliveriesDropped(metrics(first)) + redeliveriesDropped(metrics(second)))
                .isEqualTo(3);
        // the queue is shared: both instances see it empty once everything is answered
        await().untilAsserted(() -> assertThat(List.of(metrics(first), metrics(second)))
                .allSatisfy(text -> assertThat(text).contains(QUEUE_DEPTH + " 0.0")));
    }

    @Test
    void theQueueDepthGaugeOfEveryInstanceCountsWhatWaitsInTheSharedQueue() throws Exception {
        String database = TestDatabases.freshPostgres();
        App first = start(database);
        App second = start(database);
        telegram.reverseProxy(PUBLIC, "http://127.0.0.1:" + first.httpPort(), "http://127.0.0.1:" + second.httpPort());
        first.startPlatforms();
        second.startPlatforms();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        // the first answer is held, so the two messages behind it wait in the queue
        CountDownLatch release = new CountDownLatch(1);
        coze.enqueue(Script.answer("Held up for a while").deltas(4).holdAfter(1, release));
        coze.defaultScript(c -> Script.answer("Later."));
        telegram.userSays(chat, alice, "one");
        await().until(() -> !telegram.sent(chat).isEmpty());
        telegram.userSays(chat, alice, "two");
        telegram.userSays(chat, alice, "three");

        // both instances see all three rows (the one being answered stays queued until its answer ends)
        await().untilAsserted(() -> assertThat(List.of(metrics(first), metrics(second)))
                .allSatisfy(text -> assertThat(text).contains(QUEUE_DEPTH + " 3.0")));
        release.countDown();
        await().until(() -> telegram.sent(chat).size() == 3
                && telegram.sent(chat).getLast().text().equals("Later."));
        await().untilAsserted(() -> assertThat(List.of(metrics(first), metrics(second)))
                .allSatisfy(text -> assertThat(text).contains(QUEUE_DEPTH + " 0.0")));
    }

    private static double redeliveriesDropped(String metrics) {
        return WebhookBridges.sum(
                metrics,
                line -> line.startsWith(
                        "coze_bridge_redeliveries_dropped_total{bot=\"helpdesk\",platform=\"telegram\"} "));
    }

    private static String metrics(App app) throws Exception {
        return WebhookBridges.metrics(app);
    }

    private App start(String databaseUrl) throws Exception {
        Path config = dir.resolve("bots-" + apps.size() + ".yml");
        Files.writeString(config, """
                coze: {base_url: %s, token_env: COZE_API_TOKEN, max_retries: 0}
                database: {url: "%s"%s}
                http: {port: 0, host: 127.0.0.1, api_keys_env: BRIDGE_API_KEYS}
                bots:
                  - name: helpdesk
                    coze: {bot_id: "7400000000000000001"}
                    telegram:
                      token_env: TELEGRAM_TOKEN
                      api_url: %s
                      webhook: {url: "%s/telegram/helpdesk", secret_env: TELEGRAM_WEBHOOK_SECRET}
                """.formatted(
                        coze.baseUrl(),
                        databaseUrl,
                        databaseUrl.startsWith("jdbc:postgresql") ? ", user: postgres" : "",
                        telegram.apiUrl(),
                        PUBLIC));
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

    private static int post(String url, String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }
}
