package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ask} from the packaged jar, with the real logging configuration: stdout carries the answer, stderr nothing
 * but the one failure line the README promises. Retries before the answer are log lines, and they stay off the
 * console.
 */
class AskCommandIT {
    @TempDir
    Path dir;

    private FakeCoze coze;
    private Path config;
    private Process process;

    private record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void setUp() throws IOException {
        coze = FakeCoze.start();
        config = dir.resolve("bots.yml");
        Files.writeString(config, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN, max_retries: 2, first_event_timeout: 10s}
                bots:
                  - name: demo
                    coze: {bot_id: "7400000000000000001"}
                """.formatted(coze.baseUrl()));
    }

    @AfterEach
    void tearDown() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        coze.close();
    }

    private Run ask(String question) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-jar",
                        Path.of("target/coze-bridge.jar").toAbsolutePath().toString(),
                        "ask",
                        "--bot",
                        "demo",
                        "--config",
                        config.toString(),
                        question)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        builder.environment().remove("COZE_BRIDGE_LOG_LEVEL");
        builder.environment().put("COZE_API_TOKEN", coze.token());
        process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(dir.resolve("out.txt")),
                Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void aCozeFailureAfterRetriesIsExactlyOneLineOnStderr() throws Exception {
        coze.enqueue(
                Script.httpError(502, "text/html", "<h1>Bad Gateway</h1>"),
                Script.httpError(502, "text/html", "<h1>Bad Gateway</h1>"),
                Script.httpError(502, "text/html", "<h1>Bad Gateway</h1>"));

        Run run = ask("hi");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(coze.chats()).hasSize(3);
        assertThat(run.err().lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("coze-bridge: Coze failed: ")
                        .contains("502"));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aRetriedSuccessLeavesStderrEmpty() throws Exception {
        coze.enqueue(Script.httpError(502, "text/html", "<h1>Bad Gateway</h1>"), Script.answer("Second time lucky."));

        Run run = ask("hi");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Second time lucky.\n");
        assertThat(run.err()).isEmpty();
    }
}
