package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.config.DatabaseSettings;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.StoredTurn;
import dev.cozebridge.store.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged jars on one PostgreSQL (embedded, started by this JVM) behind FakeTelegram's round-robin webhook, with
 * a 3-second lease: one is killed with SIGKILL while it streams answers in three chats. Once its leases expire, the
 * survivor takes the chats over, finalizes the half-streamed replies (no streaming marker left, the interrupted
 * notice shown) and answers what was queued behind them; every message is answered exactly once.
 */
class MultiInstanceKillIT {
    private static final String MARKER = "▌";
    private static final String PUBLIC = "https://bridge.example.com";
    private static final String SECRET = "kill-it-webhook-secret";

    @TempDir
    Path dir;

    private FakeCoze coze;
    private FakeTelegram telegram;
    private String database;
    private final List<Process> processes = new ArrayList<>();
    private Database reader;

    @BeforeEach
    void setUp() {
        coze = FakeCoze.start();
        telegram = FakeTelegram.start(FakeTelegram.Settings.defaults().withWebhookRetry(Duration.ofMillis(100)));
        coze.defaultScript(
                chat -> Script.answer("Answer to " + chat.lastUserText()).deltas(3));
        database = TestDatabases.freshPostgres();
    }

    @AfterEach
    void tearDown(TestInfo test) throws IOException {
        processes.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
        if (reader != null) {
            reader.close();
        }
        String name =
                "MultiInstanceKillIT-" + test.getTestMethod().orElseThrow().getName();
        PackagedJar.keepLog(dir.resolve("bridge-0.log"), name + "-victim");
        PackagedJar.keepLog(dir.resolve("bridge-1.log"), name + "-survivor");
        telegram.close();
        coze.close();
    }

    @Test
    void sigkillOfTheInstanceStreamingInThreeChatsIsTakenOverByTheOtherOnceTheLeasesExpire() throws Exception {
        int victimPort = freePort();
        int survivorPort = freePort();
        // the survivor is not up yet: deliveries to it fail and are retried, so the first questions reach the victim
        telegram.reverseProxy(PUBLIC, "http://127.0.0.1:" + victimPort, "http://127.0.0.1:" + survivorPort);
        Process victim = start(0, victimPort);
        List<FakeTelegram.Chat> chats = List.of(
                telegram.privateChat(FakeTelegram.User.human(555, "Alice", "alice")),
                telegram.privateChat(FakeTelegram.User.human(556, "Bob", "bob")),
                telegram.privateChat(FakeTelegram.User.human(557, "Carol", "carol")));
        // where each chat's answer stalls; the bridge may send it at once or a part and an edit: either way mid-stream
        String shown = "Streaming in";
        for (FakeTelegram.Chat chat : chats) {
            Script streaming = Script.answer("Streaming in chat " + chat.id() + " when the instance dies")
                    .deltas(10)
                    .stallAfter(3);
            assertThat(streaming.textAfterDeltas(3)).startsWith(shown);
            coze.enqueue(streaming);
            telegram.userSays(chat, chat.peer(), "first in " + chat.id());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> telegram.sent(chat).size() == 1
                            && telegram.sent(chat).getFirst().text().startsWith(shown)
                            && telegram.sent(chat).getFirst().text().contains(MARKER));
        }
        // the survivor starts while the victim holds the three chats: it leaves them alone
        start(1, survivorPort);
        for (FakeTelegram.Chat chat : chats) {
            telegram.userSays(chat, chat.peer(), "second in " + chat.id());
        }
        // confirmed (2xx) only once stored, by whichever instance the round-robin reached
        await().atMost(Duration.ofSeconds(30)).until(() -> telegram.pendingUpdates() == 0);
        HistoryStore history = history();
        assertThat(history.queue().depth("demo", "telegram")).isEqualTo(6);
        // the victim records what each message shows right after writing it: the kill comes once it has
        for (FakeTelegram.Chat chat : chats) {
            ConversationKey key = new ConversationKey("demo", "telegram", Long.toString(chat.id()));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> history.turns(key).stream()
                            .anyMatch(
                                    t -> t.role() == Role.ASSISTANT && t.text().startsWith(shown)));
        }
        for (FakeTelegram.Chat chat : chats) {
            assertThat(telegram.sent(chat)).hasSize(1);
            assertThat(telegram.sent(chat).getFirst().text()).contains(MARKER);
        }

        victim.destroyForcibly(); // SIGKILL: no shutdown hook runs, the leases stay until they expire
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();

        for (FakeTelegram.Chat chat : chats) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> telegram.sent(chat).size() == 2
                            && telegram.sent(chat).get(1).text().equals("Answer to second in " + chat.id()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> history.queue().depth("demo", "telegram") == 0);
        for (FakeTelegram.Chat chat : chats) {
            List<FakeTelegram.SentMessage> sent = telegram.sent(chat);
            assertThat(sent).hasSize(2);
            assertThat(sent.getFirst().text())
                    .startsWith("Streaming in")
                    .contains("interrupted")
                    .doesNotContain(MARKER);
            assertThat(sent.get(1).text()).doesNotContain(MARKER);
            List<StoredTurn> turns = history.turns(new ConversationKey("demo", "telegram", Long.toString(chat.id())));
            assertThat(turns)
                    .extracting(StoredTurn::role)
                    .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
            assertThat(turns.stream().filter(t -> t.role() == Role.ASSISTANT).map(StoredTurn::status))
                    .containsExactly(TurnStatus.PARTIAL, TurnStatus.COMPLETE);
        }
        // each question reached Coze once: the survivor finalized the first answers instead of asking again
        Map<String, Long> asked =
                coze.chats().stream().collect(Collectors.groupingBy(RecordedChat::lastUserText, Collectors.counting()));
        assertThat(asked)
                .hasSize(6)
                .allSatisfy((question, times) -> assertThat(times).as(question).isEqualTo(1));
        assertThat(metrics(survivorPort))
                .contains("coze_bridge_lease_takeovers_total{bot=\"demo\",platform=\"telegram\"} 3.0");
    }

    /** The shared database as the test reads it, while the instances run (PostgreSQL takes many clients). */
    private HistoryStore history() {
        reader = Database.open(new DatabaseSettings(database, "postgres", null));
        return new JdbcHistoryStore(new Jdbc(reader.dataSource()));
    }

    private Process start(int index, int port) throws IOException {
        Path config = dir.resolve("bots-" + index + ".yml");
        Files.writeString(config, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN, idle_timeout: 120s, first_event_timeout: 60s}
                database: {url: "%s", user: postgres}
                instance: {name: "instance-%d", lease_ttl: 3s}
                http: {port: %d, host: 127.0.0.1, api_keys_env: BRIDGE_API_KEYS}
                bots:
                  - name: demo
                    coze: {bot_id: "7400000000000000001"}
                    conversation: {parallel: 1}
                    telegram:
                      token_env: TELEGRAM_BOT_TOKEN
                      api_url: "%s"
                      webhook: {url: "%s/telegram/demo", secret_env: TELEGRAM_WEBHOOK_SECRET}
                """.formatted(coze.baseUrl(), database, index, port, telegram.apiUrl(), PUBLIC));
        Process process = PackagedJar.run(
                        config,
                        dir.resolve("bridge-" + index + ".log"),
                        Map.of(
                                "COZE_API_TOKEN",
                                coze.token(),
                                "TELEGRAM_BOT_TOKEN",
                                telegram.token(),
                                "TELEGRAM_WEBHOOK_SECRET",
                                SECRET,
                                "BRIDGE_API_KEYS",
                                "sk-test"))
                .start();
        processes.add(process);
        await().atMost(Duration.ofSeconds(60)).until(() -> ready(port));
        return process;
    }

    private static boolean ready(int port) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String metrics(int port) throws Exception {
        return WebhookBridges.get("http://127.0.0.1:" + port + "/metrics");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
