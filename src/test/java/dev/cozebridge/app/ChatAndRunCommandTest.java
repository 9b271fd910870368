package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatAndRunCommandTest {
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
                coze: {base_url: %s, token_env: COZE_API_TOKEN, max_retries: 0, requests_per_second: 1000}
                database: {url: "jdbc:h2:file:%s/data/bridge"}
                bots:
                  - name: demo
                    coze: {bot_id: "7400000000000000001"}
                """.formatted(coze.baseUrl(), dir));
    }

    @AfterEach
    void tearDown() {
        coze.close();
    }

    @Test
    void aChatLineOverTheHistoryLimitIsToldTheLimitAndTheNextLineIsAnswered() {
        coze.enqueue(Script.answer("Shorter is better.").deltas(2));

        var result = CliRunner.run(
                env,
                "x".repeat(1_000_001) + "\nhello\n",
                "chat",
                "--bot",
                "demo",
                "--user",
                "ann",
                "--config",
                config.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("Your message is 1,000,001 characters long, but a message to this bot may have at most "
                        + "1,000,000; please shorten it or send it in parts.")
                .doesNotContain("Something went wrong")
                .contains("Shorter is better.");
        assertThat(coze.chats())
                .singleElement()
                .satisfies(chat -> assertThat(chat.lastUserText()).isEqualTo("hello"));
    }

    @Test
    void chatStreamsAnswersWithSourcesAndASecondRunContinuesTheConversation() {
        coze.enqueue(Script.answer("Paris is the capital of France.")
                .deltas(5)
                .knowledge(List.of(Script.KnowledgeChunk.web("d1", "France", "https://example.com/france", 0.9))));

        var first = CliRunner.run(
                env,
                "What is the capital of France?\n",
                "chat",
                "--bot",
                "demo",
                "--user",
                "ann",
                "--config",
                config.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("Paris is the capital of France.")
                .contains("France")
                .contains("https://example.com/france");
        assertThat(Files.isDirectory(dir.resolve("data")))
                .as("database folder created on first run")
                .isTrue();

        coze.enqueue(Script.answer("About 2.1 million people.").deltas(3));
        var second = CliRunner.run(
                env, "And its population?\n", "chat", "--bot", "demo", "--user", "ann", "--config", config.toString());

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("About 2.1 million people.");
        List<String> relayed =
                coze.chats().get(1).body().path("additional_messages").findValuesAsText("content");
        assertThat(relayed)
                .containsExactly(
                        "What is the capital of France?", "Paris is the capital of France.", "And its population?");
    }

    @Test
    void resetInTheTerminalClearsTheHistoryForTheNextQuestion() {
        coze.enqueue(
                Script.answer("First answer.").deltas(2),
                Script.answer("Fresh answer.").deltas(2));

        var result = CliRunner.run(
                env,
                "first question\n/reset\nsecond question\n",
                "chat",
                "--bot",
                "demo",
                "--user",
                "bob",
                "--config",
                config.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("First answer.").contains("Fresh answer.");
        List<String> relayed =
                coze.chats().get(1).body().path("additional_messages").findValuesAsText("content");
        assertThat(relayed).containsExactly("second question");
    }

    @Test
    void theTerminalIsTheOperatorsOwnSoThePerUserMessageLimitDoesNotApply() {
        // the config keeps the default access.messages_per_minute of 10
        int lines = 55;
        StringBuilder input = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            input.append("line ").append(i).append('\n');
        }

        var result = CliRunner.run(
                env, input.toString(), "chat", "--bot", "demo", "--user", "ops", "--config", config.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(coze.chats()).hasSize(lines);
        for (int i = 1; i <= lines; i++) {
            assertThat(result.out()).contains("You said: line " + i + "\n");
        }
        assertThat(result.out()).doesNotContain("faster than this bot can answer");
    }

    @Test
    void runWithNothingToRunSaysWhatToConfigureAndExitsTwo() {
        var result = CliRunner.run(env, "", "run", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("nothing to run").contains("discord or telegram section");
    }
}
