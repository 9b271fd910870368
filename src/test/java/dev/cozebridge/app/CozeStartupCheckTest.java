package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cozebridge.fakes.CapturedLogs;
import dev.cozebridge.fakes.HangUpServer;
import dev.cozebridge.fakes.coze.FakeBotInfo;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --online} and the Coze check at the start of {@code run}, against the fake Coze. */
class CozeStartupCheckTest {
    private static final String BOT = "7400000000000000001";
    private static final String OTHER_BOT = "7400000000000000002";

    @TempDir
    Path dir;

    private FakeCoze coze;
    private Map<String, String> env;

    @BeforeEach
    void setUp() {
        coze = FakeCoze.start().botInfo(BOT, FakeBotInfo.named("News"));
        env = Map.of("COZE_API_TOKEN", coze.token(), "BRIDGE_API_KEYS", "k");
    }

    @AfterEach
    void tearDown() {
        coze.close();
    }

    /** Two bots on one token; {@code http} only when a port is given (run needs something to run). */
    private Path config(String baseUrl, int httpPort) throws IOException {
        Path file = dir.resolve("bots.yml");
        Files.writeString(file, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN, connect_timeout: 2s}
                database: {url: "jdbc:h2:file:%s/data/bridge"}
                %s
                bots:
                  - name: demo
                    coze: {bot_id: "%s"}
                  - name: other
                    coze: {bot_id: "%s"}
                """.formatted(
                baseUrl,
                dir,
                httpPort < 0 ? "" : "http: {port: " + httpPort + ", host: 127.0.0.1, api_keys_env: BRIDGE_API_KEYS}",
                BOT,
                OTHER_BOT));
        return file;
    }

    private long botInfoRequests() {
        return coze.requests().stream()
                .map(RecordedRequest::path)
                .filter(p -> p.startsWith("/v1/bots/"))
                .count();
    }

    @Test
    void plainCheckStaysOffline() throws IOException {
        var result = CliRunner.run(
                env, "", "check", "--config", config(coze.baseUrl(), -1).toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(coze.requests()).isEmpty();
    }

    @Test
    void checkOnlineSaysOkPerBotWhenCozeAcceptsEveryOne() throws IOException {
        var result = CliRunner.run(
                env,
                "",
                "check",
                "--online",
                "--config",
                config(coze.baseUrl(), -1).toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out())
                .contains("  demo: OK, Coze bot " + BOT + " at " + coze.baseUrl()
                        + " (\"News\") accepts the token and is published for the API")
                .contains("  other: OK, Coze bot " + OTHER_BOT + " at " + coze.baseUrl());
        assertThat(coze.requests())
                .extracting(RecordedRequest::path)
                .containsExactlyInAnyOrder("/v1/bots/" + BOT, "/v1/bots/" + OTHER_BOT);
    }

    @Test
    void checkOnlineNamesEachRejectedBotWithCozesCodeAndMessageButNeverTheToken() throws IOException {
        Path file = config(coze.baseUrl(), -1);
        String wrongToken = "pat_" + "0".repeat(64);

        var result = CliRunner.run(
                Map.of("COZE_API_TOKEN", wrongToken), "", "check", "--online", "--config", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines().toList())
                .hasSize(2)
                .anySatisfy(line -> assertThat(line)
                        .startsWith(file + ": demo: Coze rejected bot " + BOT + " at " + coze.baseUrl()
                                + ": code 4101, HTTP 200: The token you entered is incorrect.")
                        .contains("(logid 20")
                        .endsWith("a coze.cn token works only with https://api.coze.cn, a coze.com token only with "
                                + "https://api.coze.com)"))
                .anySatisfy(line -> assertThat(line).startsWith(file + ": other: Coze rejected bot " + OTHER_BOT));
        assertThat(result.out() + result.err()).doesNotContain(wrongToken);
    }

    @Test
    void checkOnlineTellsAnUnknownOrUnpublishedBotFromAGoodOne() throws IOException {
        coze.knownBots(BOT);
        Path file = config(coze.baseUrl(), -1);

        var result = CliRunner.run(env, "", "check", "--online", "--config", file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("  demo: OK, Coze bot " + BOT);
        assertThat(result.err())
                .startsWith(file + ": other: Coze rejected bot " + OTHER_BOT + " at " + coze.baseUrl()
                        + ": code 4200, HTTP 200: Requested resource bot_id=" + OTHER_BOT + " does not exist.")
                .contains("check bot_id, that the bot is published with the API channel");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void checkOnlineSaysClearlyWhenCozeCannotBeReached() throws IOException {
        try (HangUpServer gone = HangUpServer.start()) {
            Path file = config("http://127.0.0.1:" + gone.port(), -1);

            var result = CliRunner.run(env, "", "check", "--online", "--config", file.toString());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err().lines().toList())
                    .hasSize(2)
                    .allSatisfy(line -> assertThat(line)
                            .contains(": could not check Coze bot 740000000000000000")
                            .contains(" at http://127.0.0.1:" + gone.port() + ": "));
            assertThat(gone.accepted()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void runStopsBeforeStartingAnythingWhenCozeRejectsTheToken() throws IOException {
        int port = freePort();
        Path file = config(coze.baseUrl(), port);

        var result = CliRunner.run(
                Map.of("COZE_API_TOKEN", "pat_rejected", "BRIDGE_API_KEYS", "k"),
                "",
                "run",
                "--config",
                file.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines().filter(l -> l.startsWith("coze-bridge: could not start: ")))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("Coze rejected").contains("code 4101"));
        assertThat(result.err()).doesNotContain("pat_rejected");
        assertThat(coze.chats()).isEmpty();
        assertThat(listening(port)).as("the HTTP API was never started").isFalse();
    }

    @Test
    void runStartsWhenCozeAcceptsEveryBot() throws Exception {
        int port = freePort();
        Path file = config(coze.baseUrl(), port);
        try (CapturedLogs logs = CapturedLogs.start()) {
            Running run = Running.start(env, file);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> ready(port));
                assertThat(botInfoRequests()).isEqualTo(2);
                assertThat(logs.from("dev.cozebridge.app.RunCommand"))
                        .extracting(ILoggingEvent::getFormattedMessage)
                        .anyMatch(m -> m.startsWith("demo: OK, Coze bot " + BOT))
                        .anyMatch(m -> m.startsWith("other: OK, Coze bot " + OTHER_BOT));
                assertThat(warnings(logs)).isEmpty();
            } finally {
                run.stop();
            }
        }
    }

    @Test
    void runWarnsOnceAndStartsWhenCozeCannotBeReached() throws Exception {
        int port = freePort();
        try (HangUpServer gone = HangUpServer.start();
                CapturedLogs logs = CapturedLogs.start()) {
            Path file = config("http://127.0.0.1:" + gone.port(), port);
            Running run = Running.start(env, file);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> ready(port));
                assertThat(warnings(logs))
                        .singleElement()
                        .satisfies(m -> assertThat(m)
                                .startsWith("Starting without a word from Coze")
                                .contains("demo: could not check Coze bot " + BOT)
                                .contains("other: could not check Coze bot " + OTHER_BOT));
            } finally {
                run.stop();
            }
        }
    }

    @Test
    void runWarnsAndStartsWhenCozeAnswersWithAServerError() throws Exception {
        int port = freePort();
        Path file = config(coze.baseUrl(), port);
        coze.failBotInfo(2, 502);
        try (CapturedLogs logs = CapturedLogs.start()) {
            Running run = Running.start(env, file);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> ready(port));
                assertThat(warnings(logs))
                        .singleElement()
                        .satisfies(m -> assertThat(m).contains("code 502"));
            } finally {
                run.stop();
            }
        }
    }

    private static java.util.List<String> warnings(CapturedLogs logs) {
        return logs.from("dev.cozebridge.app").stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /**
     * {@code run} on a thread of its own, as the command line runs it. It waits for SIGTERM, which a test cannot
     * send to its own JVM; interrupting that wait ends it the same way (everything closed in order).
     */
    private record Running(Thread thread, AtomicReference<CliRunner.Result> result) {
        static Running start(Map<String, String> env, Path file) {
            AtomicReference<CliRunner.Result> result = new AtomicReference<>();
            Thread thread = Thread.ofPlatform()
                    .name("run-under-test")
                    .start(() -> result.set(CliRunner.run(env, "", "run", "--config", file.toString())));
            return new Running(thread, result);
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(30));
            assertThat(thread.isAlive()).isFalse();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean ready(int port) {
        try {
            return HttpClient.newHttpClient()
                            .send(
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

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
