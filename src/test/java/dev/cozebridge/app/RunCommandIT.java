package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.HangUpServer;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.StoredTurn;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged jar as an operator runs it: {@code run} with Telegram and the HTTP API against the fakes, then
 * SIGTERM while a reply is still streaming. The reply must be finalized and the database closed cleanly.
 */
class RunCommandIT {
    @TempDir
    Path dir;

    private FakeCoze coze;
    private FakeTelegram telegram;
    private FakeDiscord discord;
    private Process process;

    @AfterEach
    void tearDown() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        if (telegram != null) {
            telegram.close();
        }
        if (discord != null) {
            discord.close();
        }
        if (coze != null) {
            coze.close();
        }
    }

    @Test
    void runServesDiscordTelegramAndHttpAndSigtermFinalizesTheInFlightReply() throws Exception {
        coze = FakeCoze.start();
        telegram = FakeTelegram.start();
        discord = FakeDiscord.start();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("bots.yml");
        Files.writeString(config, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN, idle_timeout: 60s, first_event_timeout: 60s}
                database: {url: "jdbc:h2:file:%s/data/bridge"}
                http: {port: %d, host: 127.0.0.1, api_keys_env: BRIDGE_API_KEYS}
                bots:
                  - name: demo
                    coze: {bot_id: "7400000000000000001"}
                    telegram: {token_env: TELEGRAM_BOT_TOKEN, api_url: "%s"}
                    discord: {token_env: DISCORD_BOT_TOKEN, api_url: "%s", gateway_url: "%s"}
                """.formatted(
                        coze.baseUrl(), dir, port, telegram.apiUrl(), discord.apiUrl(), discord.gatewayUrl()));
        ProcessBuilder builder = PackagedJar.run(
                config,
                dir.resolve("bridge.log"),
                Map.of(
                        "COZE_API_TOKEN",
                        coze.token(),
                        "TELEGRAM_BOT_TOKEN",
                        telegram.token(),
                        "BRIDGE_API_KEYS",
                        "it-key",
                        "DISCORD_BOT_TOKEN",
                        discord.token()));
        process = builder.start();

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);

        coze.enqueue(Script.answer("Hi from Discord").deltas(3));
        String mention = discord.post(
                discord.alice(), discord.general(), "<@" + discord.bot().id() + "> hi");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> discord.botMessages(discord.general()).stream()
                        .filter(id ->
                                discord.repliesTo(id).filter(mention::equals).isPresent())
                        .flatMap(id -> discord.text(id).stream())
                        .anyMatch("Hi from Discord"::equals));

        FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        coze.enqueue(Script.answer("Hello Alice, how can I help?").deltas(4));
        telegram.userSays(chat, alice, "hello");
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        telegram.sent(chat).stream().anyMatch(m -> m.text().equals("Hello Alice, how can I help?")));

        // The second answer stalls mid-stream: SIGTERM must not leave it half-written.
        coze.enqueue(Script.answer("Part one of a long answer that never ends")
                .deltas(8)
                .stallAfter(3));
        telegram.userSays(chat, alice, "tell me more");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> telegram.sent(chat).size() == 2
                        && telegram.sent(chat).get(1).text().startsWith("Part one"));

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("exited after SIGTERM")
                .isTrue();

        String log = Files.readString(dir.resolve("bridge.log"));
        // A clean stop leaves no error in H2's trace file (it used to hold "Database is already closed").
        assertThat(dir.resolve("data/bridge.trace.db")).doesNotExist();
        assertThat(log)
                .contains("coze-bridge stopping")
                .doesNotContain(coze.token())
                .doesNotContain(telegram.token())
                .doesNotContain(discord.token());
        FakeTelegram.SentMessage interrupted = telegram.sent(chat).get(1);
        assertThat(interrupted.text()).startsWith("Part one").doesNotContain("▌");
        assertThat(interrupted.text().lines().toList().getLast()).isNotBlank();

        // Closed cleanly: the file opens again (no lock left) and nothing is left STREAMING.
        try (Database db = Database.open("jdbc:h2:file:" + dir + "/data/bridge")) {
            JdbcHistoryStore store = new JdbcHistoryStore(new Jdbc(db.dataSource()));
            List<StoredTurn> turns = store.turns(new ConversationKey("demo", "telegram", "555"));
            assertThat(turns)
                    .extracting(StoredTurn::status)
                    .containsExactly(TurnStatus.COMPLETE, TurnStatus.COMPLETE, TurnStatus.COMPLETE, TurnStatus.PARTIAL);
            assertThat(store.unfinished("demo", "telegram")).isEmpty();
        }
    }

    @Test
    void sigtermWhileAnUnreachableGatewayIsRetriedExitsWithinTwoSeconds() throws Exception {
        coze = FakeCoze.start();
        discord = FakeDiscord.start();
        try (HangUpServer gateway = HangUpServer.start()) {
            Path config = dir.resolve("bots.yml");
            Files.writeString(config, """
                    coze: {base_url: "%s", token_env: COZE_API_TOKEN}
                    database: {url: "jdbc:h2:file:%s/data/bridge"}
                    bots:
                      - name: demo
                        coze: {bot_id: "7400000000000000001"}
                        discord: {token_env: DISCORD_BOT_TOKEN, api_url: "%s", gateway_url: "ws://127.0.0.1:%d/"}
                    """.formatted(coze.baseUrl(), dir, discord.apiUrl(), gateway.port()));
            process = start(config, Map.of("COZE_API_TOKEN", coze.token(), "DISCORD_BOT_TOKEN", discord.token()));

            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.accepted() >= 2);
            long sigterm = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).isLessThan(Duration.ofSeconds(2));

            List<String> lines = Files.readAllLines(dir.resolve("bridge.log"));
            assertThat(lines).filteredOn(l -> l.contains("not reachable")).hasSizeLessThanOrEqualTo(gateway.accepted());
            assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception:") && !l.contains(" - "));
            assertThat(lines).anyMatch(l -> l.contains("stopped while starting"));
            assertThat(String.join("\n", lines)).doesNotContain(discord.token());
        }
    }

    /** Where a start can hang on a service that accepts the connection and never answers. */
    enum Silent {
        COZE,
        DISCORD_API,
        TELEGRAM_API
    }

    @ParameterizedTest
    @EnumSource(Silent.class)
    void sigtermWhileAServiceHoldsTheStartWithoutAnsweringExitsWithinTwoSeconds(Silent who) throws Exception {
        coze = FakeCoze.start();
        discord = FakeDiscord.start();
        telegram = FakeTelegram.start();
        try (HangUpServer silent = HangUpServer.holding()) {
            String silentUrl = "http://127.0.0.1:" + silent.port();
            String platform = who == Silent.TELEGRAM_API
                    ? "telegram: {token_env: TELEGRAM_BOT_TOKEN, api_url: \"%s\"}".formatted(silentUrl)
                    : "discord: {token_env: DISCORD_BOT_TOKEN, api_url: \"%s\", gateway_url: \"%s\"}"
                            .formatted(
                                    who == Silent.DISCORD_API ? silentUrl + "/api/v10/" : discord.apiUrl(),
                                    discord.gatewayUrl());
            Path config = dir.resolve("bots.yml");
            Files.writeString(config, """
                    coze: {base_url: "%s", token_env: COZE_API_TOKEN}
                    database: {url: "jdbc:h2:file:%s/data/bridge"}
                    bots:
                      - name: demo
                        coze: {bot_id: "7400000000000000001"}
                        %s
                    """.formatted(who == Silent.COZE ? silentUrl : coze.baseUrl(), dir, platform));
            process = start(
                    config,
                    Map.of(
                            "COZE_API_TOKEN", coze.token(),
                            "DISCORD_BOT_TOKEN", discord.token(),
                            "TELEGRAM_BOT_TOKEN", telegram.token()));

            // the start is waiting on the silent service (its timeouts are 10 s and more)
            await().atMost(Duration.ofSeconds(60)).until(() -> silent.accepted() >= 1);
            long sigterm = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).isLessThan(Duration.ofSeconds(2));

            List<String> lines = Files.readAllLines(dir.resolve("bridge.log"));
            assertThat(lines).anyMatch(l -> l.contains("stopped while starting"));
            assertThat(lines).noneMatch(l -> l.startsWith("\tat "));
        }
    }

    private Process start(Path config, Map<String, String> env) throws IOException {
        return PackagedJar.run(config, dir.resolve("bridge.log"), env).start();
    }

    @Test
    void runWithABadTelegramTokenFailsToStartWithOneReadableLine() throws IOException, InterruptedException {
        coze = FakeCoze.start();
        telegram = FakeTelegram.start();
        Path config = dir.resolve("bots.yml");
        Files.writeString(config, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN}
                database: {url: "jdbc:h2:file:%s/data/bridge"}
                bots:
                  - name: demo
                    coze: {bot_id: "7400000000000000001"}
                    telegram: {token_env: TELEGRAM_BOT_TOKEN, api_url: "%s"}
                """.formatted(coze.baseUrl(), dir, telegram.apiUrl()));

        String output = runToExit(
                config, Map.of("COZE_API_TOKEN", coze.token(), "TELEGRAM_BOT_TOKEN", "999:wrong-token-value"));

        assertOneReadableStartupLine(output, "coze-bridge: could not start: ");
        assertThat(output).doesNotContain("wrong-token-value");
    }

    @Test
    void runWithABadDiscordTokenFailsToStartWithOneReadableLine() throws IOException, InterruptedException {
        coze = FakeCoze.start();
        discord = FakeDiscord.start();
        Path config = dir.resolve("bots.yml");
        Files.writeString(config, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN}
                database: {url: "jdbc:h2:file:%s/data/bridge"}
                bots:
                  - name: demo
                    coze: {bot_id: "7400000000000000001"}
                    discord: {token_env: DISCORD_BOT_TOKEN, api_url: "%s", gateway_url: "%s"}
                """.formatted(coze.baseUrl(), dir, discord.apiUrl(), discord.gatewayUrl()));

        String output = runToExit(
                config, Map.of("COZE_API_TOKEN", coze.token(), "DISCORD_BOT_TOKEN", "MTIz.wrong.discord-token-value"));

        assertOneReadableStartupLine(output, "coze-bridge: could not start: ");
        assertThat(output).doesNotContain("discord-token-value");
    }

    @Test
    void runWithAnUnwritableDatabaseFailsWithOneReadableLine() throws IOException, InterruptedException {
        coze = FakeCoze.start();
        Path config = dir.resolve("bots.yml");
        // /sys refuses new files even to root (and where it does not exist, the folder cannot be created).
        Files.writeString(config, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN}
                database: {url: "jdbc:h2:file:/sys/coze-bridge-it"}
                http: {port: 0, host: 127.0.0.1, api_keys_env: BRIDGE_API_KEYS}
                bots:
                  - name: demo
                    coze: {bot_id: "7400000000000000001"}
                """.formatted(coze.baseUrl()));

        String output = runToExit(config, Map.of("COZE_API_TOKEN", coze.token(), "BRIDGE_API_KEYS", "k"));

        assertOneReadableStartupLine(output, "coze-bridge: Cannot ");
        assertThat(output).contains("database folder /sys");
    }

    private String runToExit(Path config, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = PackagedJar.run(config, dir.resolve("bridge.log"), env);
        process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        return Files.readString(dir.resolve("bridge.log"));
    }

    /** The console shows the failure as one line starting with {@code prefix}, and no stack trace at all. */
    private static void assertOneReadableStartupLine(String output, String prefix) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).filteredOn(l -> l.startsWith(prefix)).as(output).hasSize(1);
        assertThat(lines)
                .as(output)
                .noneMatch(l ->
                        l.matches("\\s+at .*") || l.startsWith("Caused by:") || l.matches("\\s*\\.\\.\\. \\d+ more"));
        assertThat(lines).as(output).noneMatch(l -> l.contains(" ERROR "));
    }
}
