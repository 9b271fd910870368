package dev.cozebridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.net.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a self-hoster meets first: base URLs, paths relative to the config file, logging and proxies. */
class ConfigLoaderSelfHostingTest {
    private final Map<String, String> env = new HashMap<>(Map.of(
            "COZE_API_TOKEN", "pat_secret_value",
            "DISCORD_BOT_TOKEN", "discord-secret",
            "TELEGRAM_BOT_TOKEN", "123:telegram-secret",
            "PROXY_USER", "alice",
            "PROXY_PASSWORD", "proxy-secret"));

    @TempDir
    Path dir;

    private BridgeConfig load(Path file, String yaml) throws ConfigException {
        return new ConfigLoader(env::get).load(file, new StringReader(yaml));
    }

    private BridgeConfig load(String yaml) throws ConfigException {
        return load(dir.resolve("conf/bots.yml"), yaml);
    }

    private ConfigException problems(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> load(yaml));
    }

    @Test
    void aBaseUrlWithAPathIsRefusedWithTheFix() {
        ConfigException e = problems("""
                coze: {base_url: "https://api.coze.com/v3"}
                bots:
                  - name: demo
                    coze: {bot_id: "1", base_url: "https://api.coze.cn/api/"}
                """);
        assertThat(e.problems())
                .containsExactly(
                        "coze.base_url: must be the server address without a path: https://api.coze.com, not "
                                + "'https://api.coze.com/v3' (coze-bridge adds /v3/chat and the other API paths itself)",
                        "bots[0].coze.base_url: must be the server address without a path: https://api.coze.cn, not "
                                + "'https://api.coze.cn/api/' (coze-bridge adds /v3/chat and the other API paths "
                                + "itself)");
    }

    @Test
    void aBaseUrlWithATrailingSlashOrAPortIsFine() throws Exception {
        BridgeConfig config = load("""
                coze: {base_url: "http://localhost:8888/"}
                bots: [{name: demo, coze: {bot_id: "1"}}]
                """);
        assertThat(config.bots().getFirst().coze().baseUrl()).isEqualTo("http://localhost:8888/");
    }

    @Test
    void relativeDataPathsAreInTheConfigFilesFolderNotTheWorkingDirectory() throws Exception {
        Path key = dir.resolve("conf/keys/private.pem");
        Files.createDirectories(key.getParent());
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
        BridgeConfig config = load("""
                coze:
                  oauth: {app_id: "1", key_id: k, private_key_file: keys/private.pem}
                database: {url: "jdbc:h2:file:./data/coze-bridge;CACHE_SIZE=8192"}
                logging: {file: logs/bridge.log}
                bots: [{name: demo, coze: {bot_id: "1"}}]
                """);
        Path folder = dir.resolve("conf").toAbsolutePath();
        assertThat(config.dataFolder()).isEqualTo(folder);
        assertThat(config.database().url())
                .isEqualTo("jdbc:h2:file:" + folder.resolve("data/coze-bridge") + ";CACHE_SIZE=8192");
        assertThat(config.logging().file()).isEqualTo(folder.resolve("logs/bridge.log"));
        assertThat(config.bots().getFirst().coze().oauth().privateKeyPem().reveal())
                .startsWith("-----BEGIN");
    }

    @Test
    void theDataFolderVariableMovesDataPathsButNotTheConfigsOwnFiles() throws Exception {
        env.put("COZE_BRIDGE_DATA_DIR", dir.resolve("volume").toString());
        BridgeConfig config = load("""
                database: {url: "jdbc:h2:file:./data/coze-bridge"}
                logging: {file: coze-bridge.log}
                bots: [{name: demo, coze: {bot_id: "1"}}]
                """);
        Path volume = dir.resolve("volume").toAbsolutePath();
        assertThat(config.database().url()).isEqualTo("jdbc:h2:file:" + volume.resolve("data/coze-bridge"));
        assertThat(config.logging().file()).isEqualTo(volume.resolve("coze-bridge.log"));
        assertThat(config.dataFolder()).isEqualTo(volume);
    }

    @Test
    void absoluteHomeAndMemoryDatabasesAreLeftAlone() throws Exception {
        for (String url : new String[] {"jdbc:h2:file:/srv/db", "jdbc:h2:~/db", "jdbc:h2:mem:test"}) {
            BridgeConfig config = load("database: {url: \"" + url + "\"}\nbots: [{name: a, coze: {bot_id: \"1\"}}]\n");
            assertThat(config.database().url()).isEqualTo(url);
        }
    }

    @Test
    void loggingLevelFileAndSizeWithTheEnvironmentOverride() throws Exception {
        String yaml = """
                logging: {level: WARN, file: bridge.log, max_file_size: 2MB, max_files: 3}
                bots: [{name: a, coze: {bot_id: "1"}}]
                """;
        LoggingSettings logging = load(yaml).logging();
        assertThat(logging.level()).isEqualTo("warn");
        assertThat(logging.maxFileSize()).isEqualTo(2L * 1024 * 1024);
        assertThat(logging.maxFiles()).isEqualTo(3);

        env.put("COZE_BRIDGE_LOG_LEVEL", "debug");
        assertThat(load(yaml).logging().level()).isEqualTo("debug");

        assertThat(load("bots: [{name: a, coze: {bot_id: \"1\"}}]\n").logging())
                .isEqualTo(new LoggingSettings("debug", null, 10L * 1024 * 1024, 5));

        env.put("COZE_BRIDGE_LOG_LEVEL", "loud");
        assertThat(problems("logging: {level: chatty, max_file_size: big}\nbots: [{name: a, coze: {bot_id: \"1\"}}]\n")
                        .problems())
                .containsExactlyInAnyOrder(
                        "logging.level: must be error, warn, info, debug or trace, not 'chatty'",
                        "logging: environment variable COZE_BRIDGE_LOG_LEVEL must be error, warn, info, debug or "
                                + "trace, not 'loud'",
                        "logging.max_file_size: must be a size like 512KB, 20MB or 1GB, not 'big'");
    }

    @Test
    void theTopLevelProxyIsTheDefaultForEveryConnectionAndEachPlatformMayOverrideIt() throws Exception {
        BridgeConfig config = load("""
                proxy: socks5://127.0.0.1:1080
                bots:
                  - name: a
                    coze: {bot_id: "1"}
                    discord:
                      token_env: DISCORD_BOT_TOKEN
                      proxy: {url: "http://proxy.local:3128", username_env: PROXY_USER, password_env: PROXY_PASSWORD}
                    telegram: {token_env: TELEGRAM_BOT_TOKEN}
                  - name: b
                    coze: {bot_id: "2", proxy: none}
                    telegram: {token_env: TELEGRAM_BOT_TOKEN, proxy: none}
                """);
        ProxySettings socks = new ProxySettings(Proxy.Type.SOCKS, "127.0.0.1", 1080);
        BotSettings a = config.bot("a").orElseThrow();
        assertThat(a.coze().proxy()).isEqualTo(socks);
        assertThat(a.telegram().proxy()).isEqualTo(socks);
        assertThat(a.discord().proxy())
                .isEqualTo(new ProxySettings(
                        Proxy.Type.HTTP, "proxy.local", 3128, new Secret("alice"), new Secret("proxy-secret")));
        assertThat(a.discord().proxy().toString())
                .doesNotContain("proxy-secret")
                .doesNotContain("alice");
        BotSettings b = config.bot("b").orElseThrow();
        assertThat(b.coze().proxy()).isNull();
        assertThat(b.telegram().proxy()).isNull();
    }

    @Test
    void cozeProxyStillOverridesTheTopLevelOne() throws Exception {
        BridgeConfig config = load("""
                proxy: socks5://127.0.0.1:1080
                coze: {proxy: "http://127.0.0.1:8118"}
                bots: [{name: a, coze: {bot_id: "1"}}]
                """);
        assertThat(config.bots().getFirst().coze().proxy())
                .isEqualTo(new ProxySettings(Proxy.Type.HTTP, "127.0.0.1", 8118));
    }

    @Test
    void badProxiesAreExplainedWithoutEchoingCredentials() {
        ConfigException e = problems("""
                proxy: "http://bob:hunter2@proxy.local:3128"
                coze: {proxy: "https://proxy.local:443"}
                bots:
                  - name: a
                    coze: {bot_id: "1"}
                    discord: {token_env: DISCORD_BOT_TOKEN, proxy: {url: "socks5://p:1", username_env: PROXY_USER}}
                    telegram: {token_env: TELEGRAM_BOT_TOKEN, proxy: {username_env: PROXY_USER, password_env: NOPE}}
                """);
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "proxy: must not contain credentials; name environment variables with proxy.username_env "
                                + "and proxy.password_env instead",
                        "coze.proxy: an https:// proxy (TLS to the proxy itself) is not supported; use http:// "
                                + "(connections to Discord, Telegram and Coze stay encrypted through it) or socks5://",
                        "bots[0].discord.proxy: set both username_env and password_env, or neither",
                        "bots[0].telegram.proxy.url: required: http://host:port or socks5://host:port",
                        "bots[0].telegram.proxy.password_env: environment variable NOPE is not set");
        assertThat(String.join("\n", e.problems())).doesNotContain("hunter2");
    }
}
