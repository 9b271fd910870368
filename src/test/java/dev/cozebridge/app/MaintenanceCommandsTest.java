package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.ConfigLoader;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup, stats and health: on the file when nothing runs, through the control socket while the bridge runs. */
class MaintenanceCommandsTest {
    @TempDir
    Path dir;

    private FakeCoze coze;
    private Map<String, String> env;

    @BeforeEach
    void setUp() {
        coze = FakeCoze.start();
        env = Map.of("COZE_API_TOKEN", coze.token());
    }

    @AfterEach
    void tearDown() {
        coze.close();
    }

    private Path config(String folder, String extra) throws IOException {
        Path config = dir.resolve(folder).resolve("bots.yml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                coze: {base_url: %s, token_env: COZE_API_TOKEN, max_retries: 0}
                database: {url: "jdbc:h2:file:./data/coze-bridge"}
                %s
                bots:
                  - name: demo
                    coze: {bot_id: "7400000000000000001"}
                """.formatted(coze.baseUrl(), extra));
        return config;
    }

    private CliRunner.Result chat(Path config, String input) {
        return CliRunner.run(env, input, "chat", "--bot", "demo", "--user", "ann", "--config", config.toString());
    }

    private static void unzip(Path zip, Path folder) throws IOException {
        Files.createDirectories(folder);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Files.copy(in, folder.resolve(Path.of(entry.getName()).getFileName()));
            }
        }
    }

    @Test
    void aBackupRestoresIntoADatabaseWhoseHistoryTheNextChatContinues() throws IOException {
        Path original = config("original", "");
        coze.enqueue(Script.answer("Paris.").deltas(2));
        assertThat(chat(original, "What is the capital of France?\n").exitCode())
                .isZero();

        var stats = CliRunner.run(env, "", "stats", "--config", original.toString());
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).containsPattern("demo/console\\s+1\\s+2\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");

        Path zip = dir.resolve("backup.zip");
        var backup = CliRunner.run(env, "", "backup", "--to", zip.toString(), "--config", original.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out())
                .contains("Backup written to " + zip)
                .contains("To restore: stop coze-bridge, then unzip");
        assertThat(CliRunner.run(env, "", "backup", "--to", zip.toString(), "--config", original.toString())
                        .err())
                .as("an existing file is not overwritten")
                .contains("exists already");

        // restore elsewhere, as the backup's own instructions say, and chat on
        Path restored = config("restored", "");
        unzip(zip, restored.getParent().resolve("data"));
        coze.enqueue(Script.answer("About 2.1 million.").deltas(2));
        assertThat(chat(restored, "And its population?\n").exitCode()).isZero();
        List<String> relayed =
                coze.chats().getLast().body().path("additional_messages").findValuesAsText("content");
        assertThat(relayed).containsExactly("What is the capital of France?", "Paris.", "And its population?");
    }

    @Test
    void whileTheBridgeRunsBackupStatsAndHealthGoThroughItsControlSocket() throws Exception {
        Path config = config("live", "");
        coze.enqueue(Script.answer("Hello.").deltas(2));
        assertThat(chat(config, "hi\n").exitCode()).isZero();
        BridgeConfig cfg = new ConfigLoader(env::get).load(config);
        Path zip = dir.resolve("live.zip");
        try (App app = new App(cfg, cfg.bots(), Clock.systemUTC());
                ControlSocket control = ControlSocket.listen(cfg.dataFolder(), Maintenance.handler(app.database()))
                        .orElseThrow()) {
            // the file is locked by the running App: only the socket can reach it
            var health = CliRunner.run(env, "", "health", "--config", config.toString());
            assertThat(health.exitCode()).as(health.err()).isZero();
            assertThat(health.out()).startsWith("ok");

            var stats = CliRunner.run(env, "", "stats", "--config", config.toString());
            assertThat(stats.out()).containsPattern("demo/console\\s+1\\s+2");

            var backup = CliRunner.run(env, "", "backup", "--to", zip.toString(), "--config", config.toString());
            assertThat(backup.exitCode()).as(backup.err()).isZero();
        }
        assertThat(zip).isNotEmptyFile();
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream entries = new ZipInputStream(in)) {
            assertThat(entries.getNextEntry().getName()).endsWith("coze-bridge.mv.db");
        }

        var down = CliRunner.run(env, "", "health", "--config", config.toString());
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err()).contains("not running");
    }

    @Test
    void healthAsksHealthzWhenTheHttpApiIsConfigured() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/healthz", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        Map<String, String> withKeys = Map.of("COZE_API_TOKEN", coze.token(), "BRIDGE_API_KEYS", "k");
        Path config = config("http", "http: {port: %d, api_keys_env: BRIDGE_API_KEYS}".formatted(port));
        try {
            var up = CliRunner.run(withKeys, "", "health", "--config", config.toString());
            assertThat(up.exitCode()).as(up.err()).isZero();
            assertThat(up.out()).contains("http://127.0.0.1:" + port + "/healthz");
        } finally {
            server.stop(0);
        }
        var down = CliRunner.run(withKeys, "", "health", "--config", config.toString());
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err()).contains("does not answer");
    }

    @Test
    void postgresUsersArePointedAtPgDumpAndAMissingDatabaseIsSaidSo() throws IOException {
        Path config = config("pg", "").resolveSibling("pg.yml");
        Files.writeString(config, """
                database: {url: "jdbc:postgresql://db/coze"}
                bots: [{name: demo, coze: {bot_id: "1"}}]
                """);
        var pg = CliRunner.run(
                env, "", "backup", "--to", dir.resolve("x.zip").toString(), "--config", config.toString());
        assertThat(pg.exitCode()).isEqualTo(2);
        assertThat(pg.err()).contains("pg_dump");

        var none =
                CliRunner.run(env, "", "stats", "--config", config("empty", "").toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("there is no database at").contains("yet");
    }
}
