package dev.cozebridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.net.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
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
    void readsThePromisedKeys() throws Exception {
        BridgeConfig config = load("""
                coze:
                  base_url: https://api.coze.cn
                  token_env: COZE_API_TOKEN
                database:
                  url: jdbc:h2:file:./data/x
                http:
                  port: 8081
                  api_keys_env: BRIDGE_API_KEYS
                bots:
                  - name: demo
                    coze:
                      bot_id: "7400000000000000001"
                    discord:
                      token_env: DISCORD_BOT_TOKEN
                      api_url: http://127.0.0.1:9/api/v10/
                      gateway_url: ws://127.0.0.1:9/
                    telegram:
                      token_env: TELEGRAM_BOT_TOKEN
                      api_url: http://127.0.0.1:8
                """);
        BotSettings bot = config.bot("demo").orElseThrow();
        assertThat(bot.botId()).isEqualTo("7400000000000000001");
        assertThat(bot.coze().baseUrl()).isEqualTo("https://api.coze.cn");
        assertThat(bot.coze().token().reveal()).isEqualTo("pat_secret_value");
        assertThat(bot.discord().token().reveal()).isEqualTo("discord-secret");
        assertThat(bot.discord().apiUrl()).isEqualTo("http://127.0.0.1:9/api/v10/");
        assertThat(bot.discord().gatewayUrl()).isEqualTo("ws://127.0.0.1:9/");
        assertThat(bot.telegram().apiUrl()).isEqualTo("http://127.0.0.1:8");
        assertThat(config.database().url())
                .as("relative to the config file's folder")
                .isEqualTo("jdbc:h2:file:" + Path.of("data/x").toAbsolutePath());
        assertThat(config.http().port()).isEqualTo(8081);
        assertThat(config.http().apiKeys()).extracting(Secret::reveal).containsExactly("k1", "k2");
        assertThat(bot.history()).isEqualTo(BotSettings.HistorySettings.DEFAULT);
        assertThat(bot.access()).isEqualTo(BotSettings.AccessSettings.DEFAULT);
    }

    @Test
    void unquotedBotIdIsTakenExactlyAsWritten() throws Exception {
        // 7400000000000000001 is not representable as a double; it must not become 7400000000000000000.
        BridgeConfig config = load("""
                bots:
                  - name: a
                    coze: {bot_id: 7400000000000000001, token_env: COZE_API_TOKEN}
                  - name: b
                    coze: {bot_id: 0074000000000000000123, token_env: COZE_API_TOKEN}
                """);
        assertThat(config.bots())
                .extracting(BotSettings::botId)
                .containsExactly("7400000000000000001", "0074000000000000000123");
    }

    @Test
    void reportsEveryProblemAtOnceWithItsPath() {
        ConfigException e = problems("""
                coze:
                  base_url: not a url
                  colour: blue
                bots:
                  - name: demo
                    coze:
                      token_env: COZE_API_TOKEN
                    discord:
                      api_url: https://discord.com/api/v10/
                  - name: demo
                    coze:
                      bot_id: "abc"
                      token_env: MISSING_VAR
                    telegram:
                      token_env: TELEGRAM_BOT_TOKEN
                      pollling: true
                """);
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "coze.base_url: must be a http or https URL, not 'not a url'",
                        "coze.colour: unknown key",
                        "bots[0].coze.bot_id: required",
                        "bots[0].discord.token_env: required: the name of the environment variable holding the token",
                        "bots[1].coze.bot_id: must be the numeric Coze bot id (the digits after /bot/ in the bot's URL), not 'abc'",
                        "bots[1].coze.token_env: environment variable MISSING_VAR is not set",
                        "bots[1].telegram.pollling: unknown key",
                        "bots[1].name: duplicate bot name 'demo'");
    }

    @Test
    void inlineSecretsAreRefusedAndNeverEchoed() {
        ConfigException e = problems("""
                bots:
                  - name: demo
                    coze:
                      bot_id: "1"
                      token: pat_inline_secret
                """);
        assertThat(e.problems())
                .contains(
                        "bots[0].coze.token: inline secrets are not allowed; put the value in an environment variable "
                                + "and name it with token_env");
        assertThat(e.getMessage()).doesNotContain("pat_inline_secret");
    }

    @Test
    void anUnsetDefaultTokenIsNamedOnce() {
        ConfigLoader noEnv = new ConfigLoader(name -> null);
        ConfigException e = catchThrowableOfType(
                ConfigException.class, () -> noEnv.load(Path.of("bots.yml"), new StringReader("""
                        coze: {token_env: COZE_API_TOKEN}
                        bots:
                          - {name: a, coze: {bot_id: "1"}}
                          - {name: b, coze: {bot_id: "2"}}
                        """)));
        assertThat(e.problems()).containsExactly("coze.token_env: environment variable COZE_API_TOKEN is not set");
    }

    @Test
    void botOverridesDefaultsAndParsesDurationsAndProxy() throws Exception {
        BridgeConfig config = load("""
                coze:
                  token_env: COZE_API_TOKEN
                  idle_timeout: 45s
                  proxy: socks5://127.0.0.1:1080
                bots:
                  - name: cn
                    coze:
                      bot_id: "1"
                      base_url: https://api.coze.cn
                      first_event_timeout: 1500ms
                      total_timeout: 2m
                      proxy: http://proxy.local:3128
                      custom_variables: {company: Example}
                    history: {max_turns: 7, max_chars: 900}
                    access: {allow_users: ["42"], deny_chats: [7, 8], messages_per_minute: 3, queue_limit: 2}
                """);
        CozeSettings coze = config.bots().getFirst().coze();
        assertThat(coze.idleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(coze.firstEventTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(coze.totalTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(coze.proxy()).isEqualTo(new ProxySettings(Proxy.Type.HTTP, "proxy.local", 3128));
        BotSettings bot = config.bots().getFirst();
        assertThat(bot.customVariables()).containsEntry("company", "Example");
        assertThat(bot.history()).isEqualTo(new BotSettings.HistorySettings(7, 900));
        assertThat(bot.access().allowUsers()).containsExactly("42");
        assertThat(bot.access().denyChats()).containsExactlyInAnyOrder("7", "8");
        assertThat(bot.access().messagesPerMinute()).isEqualTo(3);
    }

    @Test
    void requestsPerSecondDefaultsToFiveAndZeroTurnsTheLimitOff() throws Exception {
        BridgeConfig config = load("""
                coze: {token_env: COZE_API_TOKEN, requests_per_second: 0}
                bots:
                  - name: off
                    coze: {bot_id: "1"}
                  - name: own
                    coze: {bot_id: "2", requests_per_second: 2.5}
                """);
        assertThat(config.bot("off").orElseThrow().coze().requestsPerSecond()).isZero();
        assertThat(config.bot("own").orElseThrow().coze().requestsPerSecond()).isEqualTo(2.5);
        BridgeConfig plain = load("""
                bots:
                  - name: plain
                    coze: {bot_id: "1", token_env: COZE_API_TOKEN}
                """);
        assertThat(plain.bots().getFirst().coze().requestsPerSecond()).isEqualTo(5.0);
    }

    @Test
    void aNegativeRequestsPerSecondIsAProblemAtItsPath() {
        ConfigException e = problems("""
                coze: {token_env: COZE_API_TOKEN, requests_per_second: -1}
                bots:
                  - name: demo
                    coze: {bot_id: "1", requests_per_second: -0.5}
                  - name: other
                    coze: {bot_id: "2", requests_per_second: lots}
                """);
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "coze.requests_per_second: must be 0 (off) or a positive number, not -1",
                        "bots[0].coze.requests_per_second: must be 0 (off) or a positive number, not -0.5",
                        "bots[1].coze.requests_per_second: must be a number, not 'lots'");
    }

    @Test
    void readsTheDisplayKeysAndDefaultsThem() throws Exception {
        BridgeConfig config = load("""
                coze: {token_env: COZE_API_TOKEN}
                bots:
                  - name: plain
                    coze: {bot_id: "1"}
                  - name: showy
                    coze: {bot_id: "2"}
                    display:
                      follow_ups: off
                      stop_button: false
                      reasoning: true
                      tools: true
                      max_images: 2
                      button_lifetime: 2h
                """);
        assertThat(config.bots().get(0).display()).isEqualTo(BotSettings.DisplaySettings.DEFAULT);
        assertThat(BotSettings.DisplaySettings.DEFAULT)
                .isEqualTo(new BotSettings.DisplaySettings(true, true, false, false, 4, Duration.ofHours(24)));
        assertThat(config.bots().get(1).display())
                .isEqualTo(new BotSettings.DisplaySettings(false, false, true, true, 2, Duration.ofHours(2)));
    }

    @Test
    void badDisplayValuesAreExplained() {
        ConfigException e = problems("""
                coze: {token_env: COZE_API_TOKEN}
                bots:
                  - name: a
                    coze: {bot_id: "1"}
                    display: {follow_ups: inline, max_images: 11, button_lifetime: 10s, colour: red}
                """);
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "bots[0].display.follow_ups: use buttons or off, not 'inline'",
                        "bots[0].display.max_images: must be between 0 and 10, not 11",
                        "bots[0].display.button_lifetime: must be at least 1m",
                        "bots[0].display.colour: unknown key");
    }

    @Test
    void badValuesAreExplained() {
        ConfigException e = problems("""
                coze: {token_env: COZE_API_TOKEN, idle_timeout: soon, proxy: ftp://x:1, max_retries: 99}
                http: {port: 70000}
                bots:
                  - name: "has space"
                    coze: {bot_id: "1"}
                    telegram: {token_env: "not-a-name!", drafts: maybe}
                """);
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "coze.idle_timeout: must be a duration like 500ms, 30s, 5m or 1h, not 'soon'",
                        "coze.proxy: must look like http://host:port or socks5://host:port (or none), not 'ftp://x:1'",
                        "coze.max_retries: must be between 0 and 10, not 99",
                        "http.port: must be between 0 and 65535, not 70000",
                        "http.api_keys_env: required: the name of an environment variable with comma-separated API keys",
                        "bots[0].name: use letters, digits, '.', '_' or '-' (at most 64), not 'has space'",
                        "bots[0].telegram.token_env: must be the NAME of an environment variable (letters, digits, _), not a value",
                        "bots[0].telegram.drafts: must be true or false, not 'maybe'");
    }

    @Test
    void missingBotsAndBrokenYamlAreReported() {
        assertThat(problems("coze: {}\n").problems()).containsExactly("bots: required: list at least one bot");
        assertThat(problems("bots: [\n").problems().getFirst()).startsWith("line 2, column 1: the file ends inside");
        assertThat(problems("bots:\n  - name: a\n    name: b\n    coze: {bot_id: '1'}\n")
                        .problems())
                .contains("bots[0].name: duplicate key (line 3)");
    }

    @Test
    void aliasesMustNameBots() {
        ConfigException e = problems("""
                http:
                  api_keys_env: BRIDGE_API_KEYS
                  aliases:
                    - {model: support, bots: [a, ghost]}
                bots:
                  - {name: a, coze: {bot_id: "1"}}
                """);
        assertThat(e.problems()).containsExactly("http.aliases[0].bots: no bot named 'ghost'");
    }

    @Test
    void missingFileSaysWhatToDo(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("file not found");
    }

    @Test
    void theShippedExampleIsValid() throws Exception {
        BridgeConfig config = loader.load(Path.of("bots.yml"));
        assertThat(config.bots()).isNotEmpty();
        assertThat(Files.readString(Path.of("bots.yml"))).doesNotContainPattern("pat_[A-Za-z0-9]{8,}");
    }

    @Test
    void secretsDoNotLeakThroughToString() throws Exception {
        BridgeConfig config = load("""
                bots:
                  - {name: a, coze: {bot_id: "1"}, telegram: {token_env: TELEGRAM_BOT_TOKEN}}
                """);
        assertThat(config.toString()).doesNotContain("pat_secret_value").doesNotContain("telegram-secret");
    }
}
