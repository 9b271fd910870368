package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar laid out as the Docker image and docker-compose.yml run it: the shipped bots.yml mounted in a
 * config folder of its own, the working folder and {@code COZE_BRIDGE_DATA_DIR} the data volume, the secrets
 * from the environment. The example is edited only where a user must (the Coze URL, a platform uncommented); the
 * database lands in the volume, nothing is written beside the config, and the image's HEALTHCHECK command sees
 * the running bridge.
 */
class ContainerLayoutIT {
    @TempDir
    Path dir;

    private FakeCoze coze;
    private FakeTelegram telegram;
    private Process process;

    @AfterEach
    void tearDown() throws IOException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        PackagedJar.keepLog(dir.resolve("console.log"), "ContainerLayoutIT");
        if (telegram != null) {
            telegram.close();
        }
        if (coze != null) {
            coze.close();
        }
    }

    /** The repository's bots.yml with the edits the quick start asks for, and nothing else. */
    private String shippedExample() throws IOException {
        String example = Files.readString(Path.of("bots.yml"));
        String edited = example.replace("  base_url: https://api.coze.com ", "  base_url: " + coze.baseUrl() + " ")
                .replace("    # telegram:  ", "    telegram:    ")
                .replace("    #   token_env: TELEGRAM_BOT_TOKEN", "      token_env: TELEGRAM_BOT_TOKEN")
                .replace("    #   api_url: https://api.telegram.org", "      api_url: " + telegram.apiUrl() + " #");
        assertThat(edited)
                .as("the example still has the lines this test edits")
                .contains(coze.baseUrl(), "    telegram:", "      token_env: TELEGRAM_BOT_TOKEN", telegram.apiUrl());
        return edited;
    }

    @Test
    void theShippedExampleRunsWithItsDatabaseInTheDataVolumeAndPassesTheHealthCheck() throws Exception {
        coze = FakeCoze.start();
        telegram = FakeTelegram.start();
        Path configFolder = Files.createDirectories(dir.resolve("config"));
        Path config = configFolder.resolve("bots.yml");
        Files.writeString(config, shippedExample());
        Path volume = Files.createDirectories(dir.resolve("data"));
        Map<String, String> env = Map.of(
                "COZE_API_TOKEN", coze.token(),
                "TELEGRAM_BOT_TOKEN", telegram.token(),
                "COZE_BRIDGE_DATA_DIR", volume.toString());
        Path console = dir.resolve("console.log");

        process =
                PackagedJar.run(config, console, env).directory(volume.toFile()).start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(console) && Files.readString(console).contains("coze-bridge running"));

        FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        coze.enqueue(Script.answer("Hello from the container").deltas(3));
        telegram.userSays(chat, alice, "hello");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> telegram.sent(chat).stream().anyMatch(m -> m.text().equals("Hello from the container")));

        // the image's HEALTHCHECK: `health --config /config/bots.yml`, run in the same layout
        Path healthLog = dir.resolve("health.log");
        Process health = PackagedJar.command(healthLog, env, "health", "--config", config.toString())
                .directory(volume.toFile())
                .start();
        assertThat(health.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(health.exitValue()).as(Files.readString(healthLog)).isZero();

        process.destroy(); // docker stop: SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // ./data/coze-bridge of the example is in the volume, and the read-only config folder holds only the file
        assertThat(volume.resolve("data/coze-bridge.mv.db")).isRegularFile();
        try (Stream<Path> files = Files.list(configFolder)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("bots.yml");
        }
        Path statsLog = dir.resolve("stats.log");
        Process stats = PackagedJar.command(statsLog, env, "stats", "--config", config.toString())
                .directory(dir.toFile())
                .start();
        assertThat(stats.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(statsLog);
        // one conversation, two messages: the question and its answer
        assertThat(lines).anyMatch(l -> l.startsWith("demo/telegram") && l.matches("demo/telegram\\s+1\\s+2\\s.*"));
        assertThat(Files.readString(console)).doesNotContain(coze.token()).doesNotContain(telegram.token());
    }
}
