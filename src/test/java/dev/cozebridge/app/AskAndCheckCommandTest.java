package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AskAndCheckCommandTest {
    @TempDir
    Path dir;

    private FakeCoze coze;
    private Path config;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        coze = FakeCoze.start();
        env = Map.of("COZE_API_TOKEN", coze.token());
        config = dir.resolve("bots.yml");
        Files.writeString(config, """
                coze:
                  base_url: %s
                  token_env: COZE_API_TOKEN
                  idle_timeout: 1s
                  first_event_timeout: 2s
                  total_timeout: 5s
                  max_retries: 0
                database:
                  url: jdbc:h2:file:%s/db
                bots:
                  - name: demo
                    coze:
                      bot_id: 7400000000000000001
                """.formatted(coze.baseUrl(), dir));
    }

    @AfterEach
    void tearDown() {
        coze.close();
    }

    @Test
    void askStreamsTheAnswerThenNumberedDeduplicatedSources() {
        coze.enqueue(Script.answer("Refunds take 5–7 business days. 退款很快 🚀")
                .deltas(6)
                .knowledge(List.of(
                        Script.KnowledgeChunk.web("d1", "Returns FAQ", "https://help.example.com/returns", 0.9),
                        Script.KnowledgeChunk.file("d2", "refund-policy.pdf", 0.8),
                        Script.KnowledgeChunk.web(
                                "d3", "Returns FAQ (copy)", "https://help.example.com/returns", 0.7))));

        var result = CliRunner.run(env, "", "ask", "--bot", "demo", "--config", config.toString(), "How", "long?");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("""
                Refunds take 5–7 business days. 退款很快 🚀

                Sources:
                [1] Returns FAQ - https://help.example.com/returns
                [2] refund-policy.pdf
                """);
        var chat = coze.awaitChats(1).getFirst();
        assertThat(chat.body().path("bot_id").isTextual()).isTrue();
        assertThat(chat.body().path("bot_id").asText()).isEqualTo("7400000000000000001");
        assertThat(chat.body()
                        .path("additional_messages")
                        .get(0)
                        .path("content")
                        .asText())
                .isEqualTo("How long?");
    }

    @Test
    void askReportsACozeFailureWithCodeMessageAndLogIdOnOneStderrLine() {
        coze.enqueue(Script.jsonError(200, 4101, "The token you entered is incorrect."));

        var result = CliRunner.run(env, "", "ask", "--bot", "demo", "--config", config.toString(), "hi");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()
                        .lines()
                        .filter(l -> l.startsWith("coze-bridge:"))
                        .toList())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("4101")
                        .contains("The token you entered is incorrect")
                        .contains("logid " + coze.chats().getFirst().logId()));
        assertThat(result.err()).doesNotContain(coze.token());
    }

    @Test
    void askKeepsThePartialAnswerAndFailsOnAMidStreamError() {
        coze.enqueue(Script.answer("one two three four").deltas(4).midStreamError(5000, "event interval error", 2));

        var result = CliRunner.run(env, "", "ask", "--bot", "demo", "--config", config.toString(), "hi");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).startsWith("one two");
        assertThat(result.err()).contains("5000").contains("event interval error");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aStalledStreamDoesNotHangAsk() {
        coze.enqueue(Script.answer("never finishes").deltas(4).stallAfter(1));

        var result = CliRunner.run(env, "", "ask", "--bot", "demo", "--config", config.toString(), "hi");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Coze took too long to answer").contains("idle timeout");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aCutStreamDoesNotHangAsk() {
        coze.enqueue(Script.answer("cut short here").deltas(3).cutAfter(1));

        var result = CliRunner.run(env, "", "ask", "--bot", "demo", "--config", config.toString(), "hi");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cut before the answer finished");
    }

    @Test
    void askWithAnUnknownBotOrBadConfigExitsTwo() throws IOException {
        var unknown = CliRunner.run(env, "", "ask", "--bot", "nope", "--config", config.toString(), "hi");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no bot named 'nope'; configured: demo");

        var noToken = CliRunner.run(Map.of(), "", "ask", "--bot", "demo", "--config", config.toString(), "hi");
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.err()).contains("coze.token_env: environment variable COZE_API_TOKEN is not set");
        assertThat(coze.chats()).isEmpty();
    }

    @Test
    void checkAcceptsAValidFileAndListsEveryProblemOfABadOne() throws IOException {
        var ok = CliRunner.run(env, "", "check", "--config", config.toString());
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("OK, 1 bot(s)").contains("demo: Coze bot 7400000000000000001");

        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, """
                bots:
                  - name: demo
                    coze: {token_env: COZE_API_TOKEN}
                    discord: {token_env: DISCORD_BOT_TOKEN}
                    colour: red
                """);
        var result = CliRunner.run(env, "", "check", "--config", bad.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines().toList())
                .containsExactlyInAnyOrder(
                        bad + ": bots[0].coze.bot_id: required",
                        bad + ": bots[0].discord.token_env: environment variable DISCORD_BOT_TOKEN is not set",
                        bad + ": bots[0].colour: unknown key");
    }

    @Test
    void checkRefusesOverflowsCredentialsInUrlsAndBadEncodingWithExitTwoAndThePath() throws IOException {
        Path bad = dir.resolve("hostile.yml");
        Files.writeString(bad, """
                coze:
                  base_url: http://user:hunter2@api.coze.com
                  token_env: COZE_API_TOKEN
                  first_event_timeout: 99999999999999999999s
                bots:
                  - name: demo
                    coze: {bot_id: "1"}
                """);
        var result = CliRunner.run(env, "", "check", "--config", bad.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines().toList())
                .containsExactlyInAnyOrder(
                        bad + ": coze.base_url: must not contain a user name or password (user:password@host); it is "
                                + "not repeated here",
                        bad + ": coze.first_event_timeout: must be at most 24h, not '99999999999999999999s'");
        assertThat(result.out() + result.err()).doesNotContain("hunter2");

        Path latin1 = dir.resolve("latin1.yml");
        Files.write(latin1, "bots:\n  - name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        var encoding = CliRunner.run(env, "", "check", "--config", latin1.toString());
        assertThat(encoding.exitCode()).isEqualTo(2);
        assertThat(encoding.err())
                .isEqualTo(latin1 + ": line 2, column 14: byte 0xE9 is not UTF-8 text (was the file saved as "
                        + "Latin-1 or GBK?); save it as UTF-8" + System.lineSeparator());
    }

    @Test
    void checkRefusesANegativeRequestsPerSecondWithExitTwoAndThePath() throws IOException {
        Path bad = dir.resolve("negative.yml");
        Files.writeString(bad, """
                coze: {token_env: COZE_API_TOKEN, requests_per_second: -2}
                bots:
                  - name: demo
                    coze: {bot_id: "1"}
                """);
        var result = CliRunner.run(env, "", "check", "--config", bad.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .isEqualTo(bad + ": coze.requests_per_second: must be 0 (off) or a positive number, not -2"
                        + System.lineSeparator());
    }

    @Test
    void checkNamesTheDiscordShardsThisInstanceRuns() throws IOException {
        Path sharded = dir.resolve("sharded.yml");
        Files.writeString(sharded, """
                bots:
                  - name: demo
                    coze: {bot_id: "1"}
                    discord: {token_env: DISCORD_BOT_TOKEN, shards: {total: 4, ids: [2, 3]}}
                """);
        var result = CliRunner.run(
                Map.of("COZE_API_TOKEN", "pat_x", "DISCORD_BOT_TOKEN", "t"),
                "",
                "check",
                "--config",
                sharded.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("platforms: discord (shards [2, 3] of 4)");
    }

    @Test
    void checkWithoutAFileSaysSo() {
        var result = CliRunner.run(
                env, "", "check", "--config", dir.resolve("missing.yml").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("file not found");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(CliRunner.run(env, "", "ask", "hi").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run(env, "", "frobnicate").exitCode()).isEqualTo(2);
        assertThat(Duration.ZERO).isZero();
    }
}
