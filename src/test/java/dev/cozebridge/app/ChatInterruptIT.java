package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.StoredTurn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chat} in the packaged jar, interrupted with Ctrl-C (SIGINT) while the answer is still streaming. */
class ChatInterruptIT {
    @TempDir
    Path dir;

    private FakeCoze coze;
    private Path config;
    private Process process;

    @BeforeEach
    void setUp() throws IOException {
        coze = FakeCoze.start();
        config = dir.resolve("bots.yml");
        Files.writeString(config, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN, idle_timeout: 60s}
                database: {url: "jdbc:h2:file:./data/bridge"}
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

    private Process chat() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-jar",
                        Path.of("target/coze-bridge.jar").toAbsolutePath().toString(),
                        "chat",
                        "--bot",
                        "demo",
                        "--user",
                        "ann",
                        "--config",
                        config.toString())
                .redirectError(dir.resolve("stderr.log").toFile());
        builder.environment().put("COZE_API_TOKEN", coze.token());
        return builder.start();
    }

    private static ByteArrayOutputStream collect(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread.ofVirtual().start(() -> {
            try {
                byte[] buffer = new byte[1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (out) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return out;
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void ctrlCWhileAnAnswerStreamsClosesTheReplyAndTheNextChatDoesNotReprintIt() throws Exception {
        coze.enqueue(Script.answer("Part one of a long answer that never ends")
                .deltas(8)
                .stallAfter(3));
        process = chat();
        ByteArrayOutputStream out = collect(process.getInputStream());
        OutputStream in = process.getOutputStream();
        in.write("tell me everything\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> text(out).contains("Part"));

        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(20, TimeUnit.SECONDS))
                .as("exited after Ctrl-C")
                .isTrue();

        // closed cleanly: the file opens again and the answer is not left STREAMING
        ConversationKey key = new ConversationKey("demo", "console", "ann");
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("data/bridge"))) {
            JdbcHistoryStore store = new JdbcHistoryStore(new Jdbc(db.dataSource()));
            List<StoredTurn> turns = store.turns(key);
            assertThat(turns).extracting(StoredTurn::role).containsExactly(Role.USER, Role.ASSISTANT);
            assertThat(turns.get(1).status()).isNotEqualTo(TurnStatus.STREAMING);
            assertThat(turns.get(1).text()).startsWith("Part");
            assertThat(store.unfinished("demo", "console")).isEmpty();
        }

        // the next chat has nothing half-written to finish, so it prints no stale answer; /help is the terminal's
        process = chat();
        ByteArrayOutputStream second = collect(process.getInputStream());
        process.getOutputStream().write("/help\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        await().until(() -> text(second).contains("/exit"));
        assertThat(text(second)).doesNotContain("Part one").contains("/reset").doesNotContain("/ask");
    }
}
