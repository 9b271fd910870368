package dev.cozebridge.config;

import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.BotLocale;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code bots.yml}. Every problem is collected with its YAML path and reported together in
 * one {@link ConfigException}; secrets come only from environment variables named by {@code *_env} keys.
 */
public final class ConfigLoader {
    private static final java.util.regex.Pattern INSTANCE_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Set<String> HTTP = Set.of("http", "https");
    private static final Set<String> WS = Set.of("ws", "wss");
    private static final Pattern BOT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,40}");
    private static final Pattern TELEGRAM_TOKEN = Pattern.compile("\\d+:[A-Za-z0-9_-]+");
    private static final String DEFAULT_TOKEN_ENV = "COZE_API_TOKEN";
    /**
     * Coze publishes no current per-plan chat QPS (it is plan-dependent and purchasable); the only numbers on
     * record are per space, QPS 2 / QPM 60 / QPD 3000 (older docs), and 10 QPS for uploads. 5 per token only
     * spaces bursts 200 ms apart; operators on the small plans lower it, and 0 turns it off for those whose plan
     * or gateway limits for them (README, coze.requests_per_second).
     */
    private static final double DEFAULT_REQUESTS_PER_SECOND = 5.0;

    private final Function<String, String> environment;
    private final ProxyReader proxies;

    /** @param environment looks up environment variables ({@code System::getenv} in production) */
    public ConfigLoader(Function<String, String> environment) {
        this.environment = environment;
        this.proxies = new ProxyReader(environment);
    }

    public BridgeConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = ConfigText.read(file);
        } catch (NoSuchFileException e) {
            // the caller prefixes every problem with the file name
            throw new ConfigException(
                    List.of("file not found (copy the example bots.yml and edit it, or pass --config FILE)"));
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot be read: " + e.getMessage()));
        }
        return load(file, new StringReader(text));
    }

    /** Problems name their YAML path (or line and column), never the file: the caller prints it once. */
    public BridgeConfig load(Path file, Reader reader) throws ConfigException {
        return load(file, reader, new HashSet<>());
    }

    /** As {@link #load(Path, Reader)}, recording in {@code asked} every key path the loader looked for. */
    BridgeConfig load(Path file, Reader reader, Set<String> asked) throws ConfigException {
        List<String> problems = new ArrayList<>();
        YamlTree root;
        try {
            root = YamlTree.parse(reader, problems);
        } catch (IOException e) {
            throw new ConfigException(List.of(YamlSyntax.explain(e)));
        }
        ConfigPaths paths = ConfigPaths.of(file, environment.apply(ConfigPaths.DATA_DIR_ENV));
        Section top = new Section("", root, problems, asked);
        Optional<ProxySettings> defaultProxy = proxies.read(top, Optional.empty());
        Section cozeDefaults = top.section("coze");
        CozeDefaults defaults = readCozeDefaults(cozeDefaults, defaultProxy, paths);
        cozeDefaults.rejectUnknown();

        Section database = top.section("database");
        String dbUrl = database.string("url").orElse(DatabaseSettings.DEFAULT_URL);
        DatabaseSettings.problem(dbUrl).ifPresent(problem -> database.problem("url", problem));
        String dbUser = database.string("user").orElse(null);
        Secret dbPassword = database.env("password_env", environment).orElse(null);
        boolean postgres = new DatabaseSettings(dbUrl).postgres();
        if (!postgres && (dbUser != null || dbPassword != null)) {
            database.problem("user", "user and password_env are for PostgreSQL; H2 files need neither");
        }
        database.rejectUnknown();

        LoggingSettings logging = LoggingReader.read(top.section("logging"), environment, paths);

        BridgeConfig.InstanceSettings instance = BridgeConfig.InstanceSettings.DEFAULT;
        if (top.has("instance")) {
            Section i = top.section("instance");
            String name = i.string("name").map(String::strip).orElse(null);
            if (name != null && !INSTANCE_NAME.matcher(name).matches()) {
                i.problem("name", "use letters, digits, '.', '_' or '-' (at most 100), not '" + name + "'");
                name = null;
            }
            instance = new BridgeConfig.InstanceSettings(name, i.duration("lease_ttl", instance.leaseTtl()));
            i.rejectUnknown();
        }

        HttpSettings http = top.has("http") ? readHttp(top.section("http")) : null;

        List<BotSettings> bots = new ArrayList<>();
        if (!top.has("bots")) {
            top.problem("bots", "required: list at least one bot");
        } else {
            List<Section> entries = top.sequenceOfSections("bots");
            if (entries.isEmpty() && problems.isEmpty()) {
                top.problem("bots", "list at least one bot");
            }
            Set<String> names = new HashSet<>();
            for (Section entry : entries) {
                BotSettings bot = readBot(entry, defaults, defaultProxy, paths);
                if (bot != null && !names.add(bot.name())) {
                    entry.problem("name", "duplicate bot name '" + bot.name() + "'");
                }
                bots.add(bot);
            }
        }
        top.rejectUnknown();

        Set<String> webhookPaths = new HashSet<>();
        for (int i = 0; i < bots.size(); i++) {
            BotSettings bot = bots.get(i);
            if (bot == null || bot.telegram() == null || bot.telegram().webhook() == null) {
                continue;
            }
            if (http == null) {
                problems.add("bots[" + i + "].telegram.webhook: needs the http section; the bridge serves the webhook "
                        + "on its HTTP port, behind your HTTPS reverse proxy");
            }
            if (!webhookPaths.add(bot.telegram().webhook().path())) {
                problems.add("bots[" + i + "].telegram.webhook.url: another bot already uses the path "
                        + bot.telegram().webhook().path());
            }
        }
        if (http != null) {
            for (int i = 0; i < http.aliases().size(); i++) {
                HttpSettings.ModelAlias alias = http.aliases().get(i);
                for (String name : alias.bots()) {
                    if (bots.stream().noneMatch(b -> b != null && b.name().equals(name))) {
                        problems.add("http.aliases[" + i + "].bots: no bot named '" + name + "'");
                    }
                }
                if (bots.stream().anyMatch(b -> b != null && b.name().equals(alias.model()))) {
                    problems.add("http.aliases[" + i + "].model: '" + alias.model() + "' is already a bot name");
                }
            }
        }
        if (!problems.isEmpty()) {
            // A default shared by several bots (an unset coze.token_env) is reported once, not once per bot.
            throw new ConfigException(List.copyOf(new java.util.LinkedHashSet<>(problems)));
        }
        return new BridgeConfig(
                file,
                paths.dataFolder(),
                new DatabaseSettings(paths.databaseUrl(dbUrl), dbUser, dbPassword),
                http,
                logging,
                bots,
                instance);
    }

    /** The top-level coze section, before per-bot overrides and env resolution. */
    private record CozeDefaults(
            String baseUrl,
            Section tokenSection,
            String tokenEnvKey,
            CozeSettings.OAuthSettings oauth,
            Optional<ProxySettings> proxy,
            Duration connect,
            Duration firstEvent,
            Duration idle,
            Duration total,
            int retries,
            double rps) {}

    private CozeDefaults readCozeDefaults(Section s, Optional<ProxySettings> defaultProxy, ConfigPaths paths) {
        String baseUrl = baseUrl(s).orElse(CozeSettings.DEFAULT_BASE_URL);
        Optional<ProxySettings> proxy = proxies.read(s, defaultProxy);
        return new CozeDefaults(
                baseUrl,
                s.has("token_env") ? s : null,
                "token_env",
                // checked once here, even when every bot brings its own credentials
                s.has("oauth") ? readOAuth(s.section("oauth"), paths) : null,
                proxy,
                s.duration("connect_timeout", Duration.ofSeconds(10)),
                s.duration("first_event_timeout", Duration.ofSeconds(60)),
                s.duration("idle_timeout", Duration.ofSeconds(60)),
                s.duration("total_timeout", Duration.ofMinutes(5)),
                s.integer("max_retries", 2, 0, 10),
                s.zeroOrPositiveDecimal("requests_per_second", DEFAULT_REQUESTS_PER_SECOND));
    }

    /**
     * {@code base_url}: the server only. A path such as {@code /v3} or {@code /api} would make every call miss
     * ("bot not found", 404), because the API paths are added to it.
     */
    private static Optional<String> baseUrl(Section s) {
        return s.url("base_url", HTTP).filter(text -> {
            URI uri = URI.create(text);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (path.isEmpty() || path.equals("/")) {
                return true;
            }
            s.problem(
                    "base_url",
                    "must be the server address without a path: " + uri.getScheme() + "://" + uri.getRawAuthority()
                            + ", not '" + text + "' (coze-bridge adds /v3/chat and the other API paths itself)");
            return false;
        });
    }

    private BotSettings readBot(
            Section s, CozeDefaults defaults, Optional<ProxySettings> defaultProxy, ConfigPaths paths) {
        String name = s.required("name");
        if (name != null && !BOT_NAME.matcher(name).matches()) {
            s.problem("name", "use letters, digits, '.', '_' or '-' (at most 64), not '" + name + "'");
        }
        String botId = null;
        CozeSettings coze = null;
        Map<String, String> variables = Map.of();
        if (!s.has("coze")) {
            s.problem("coze", "required (with at least bot_id)");
        } else {
            Section c = s.section("coze");
            botId = c.required("bot_id");
            if (botId != null && !DIGITS.matcher(botId).matches()) {
                c.problem(
                        "bot_id",
                        "must be the numeric Coze bot id (the digits after /bot/ in the bot's URL), not '" + botId
                                + "'");
            }
            variables = c.stringMap("custom_variables");
            coze = readBotCoze(c, defaults, paths);
            c.rejectUnknown();
        }
        boolean imageBot = s.bool("image_bot", false);
        BotLocale locale = s.string("locale")
                .map(written -> BotLocale.parse(written).orElseGet(() -> {
                    s.problem("locale", "use en or zh-CN, not '" + written + "'");
                    return BotLocale.EN;
                }))
                .orElse(BotLocale.EN);

        BotSettings.HistorySettings history = BotSettings.HistorySettings.DEFAULT;
        if (s.has("history")) {
            Section h = s.section("history");
            history = new BotSettings.HistorySettings(
                    h.integer("max_turns", history.maxTurns(), 1, 100),
                    h.integer("max_chars", history.maxChars(), 100, 1_000_000));
            h.rejectUnknown();
        }
        BotSettings.AccessSettings access = BotSettings.AccessSettings.DEFAULT;
        if (s.has("access")) {
            Section a = s.section("access");
            access = new BotSettings.AccessSettings(
                    a.stringSet("allow_users"),
                    a.stringSet("deny_users"),
                    a.stringSet("allow_chats"),
                    a.stringSet("deny_chats"),
                    a.integer("messages_per_minute", access.messagesPerMinute(), 0, 10_000),
                    a.integer("queue_limit", access.queueLimit(), 1, 1_000));
            a.rejectUnknown();
        }
        BotSettings.DisplaySettings display =
                s.has("display") ? readDisplay(s.section("display")) : BotSettings.DisplaySettings.DEFAULT;
        BotSettings.MediaSettings media =
                s.has("media") ? readMedia(s.section("media")) : BotSettings.MediaSettings.DEFAULT;
        BotSettings.Scope scope = BotSettings.Scope.CHANNEL;
        int parallel = BotSettings.QueueSettings.DEFAULT.parallel();
        if (s.has("conversation")) {
            Section c = s.section("conversation");
            parallel = c.integer("parallel", parallel, 1, 20);
            scope = c.string("scope")
                    .map(written -> switch (written.strip().toLowerCase(java.util.Locale.ROOT)) {
                        case "channel" -> BotSettings.Scope.CHANNEL;
                        case "user" -> BotSettings.Scope.USER;
                        default -> {
                            c.problem("scope", "use channel or user, not '" + written + "'");
                            yield BotSettings.Scope.CHANNEL;
                        }
                    })
                    .orElse(BotSettings.Scope.CHANNEL);
            c.rejectUnknown();
        }
        Duration editWindow = s.duration("edit_window", BotSettings.DEFAULT_EDIT_WINDOW);
        Duration maxAge = BotSettings.QueueSettings.DEFAULT.maxAge();
        if (s.has("queue")) {
            Section q = s.section("queue");
            maxAge = q.duration("max_age", maxAge);
            q.rejectUnknown();
        }
        BotSettings.DiscordSettings discord = s.has("discord") ? readDiscord(s.section("discord"), defaultProxy) : null;
        BotSettings.TelegramSettings telegram =
                s.has("telegram") ? readTelegram(s.section("telegram"), defaultProxy) : null;
        s.rejectUnknown();
        if (name == null) {
            return null;
        }
        return BotSettings.builder(name, botId, coze)
                .customVariables(variables)
                .imageBot(imageBot)
                .locale(locale)
                .history(history)
                .access(access)
                .discord(discord)
                .telegram(telegram)
                .media(media)
                .scope(scope)
                .editWindow(editWindow)
                .display(display)
                .queue(new BotSettings.QueueSettings(maxAge, parallel))
                .build();
    }

    private BotSettings.DisplaySettings readDisplay(Section d) {
        BotSettings.DisplaySettings defaults = BotSettings.DisplaySettings.DEFAULT;
        boolean followUps = defaults.followUpButtons();
        String written = d.string("follow_ups").orElse(null);
        if (written != null) {
            switch (written) {
                case "buttons" -> followUps = true;
                case "off" -> followUps = false;
                default -> d.problem("follow_ups", "use buttons or off, not '" + written + "'");
            }
        }
        Duration lifetime = d.duration("button_lifetime", defaults.buttonLifetime());
        if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
            d.problem("button_lifetime", "must be at least 1m");
        }
        BotSettings.DisplaySettings display = new BotSettings.DisplaySettings(
                followUps,
                d.bool("stop_button", defaults.stopButton()),
                d.bool("reasoning", defaults.reasoning()),
                d.bool("tools", defaults.tools()),
                d.integer("max_images", defaults.maxImages(), 0, 10),
                lifetime);
        d.rejectUnknown();
        return display;
    }

    private BotSettings.MediaSettings readMedia(Section m) {
        BotSettings.MediaSettings d = BotSettings.MediaSettings.DEFAULT;
        long maxBytes = m.bytes("max_bytes", d.maxBytes(), 1, 2L * 1024 * 1024 * 1024);
        int maxFiles = m.integer("max_files", d.maxFiles(), 1, 50);
        Set<Attachment.Kind> kinds = d.kinds();
        if (m.has("kinds")) {
            Set<Attachment.Kind> chosen = new java.util.LinkedHashSet<>();
            for (String written : m.strings("kinds")) {
                Attachment.Kind kind = Attachment.Kind.parse(written);
                if (kind == null) {
                    m.problem("kinds", "use image, file, audio or video, not '" + written + "'");
                } else {
                    chosen.add(kind);
                }
            }
            kinds = chosen;
        }
        Duration album = m.duration("album_window", d.albumWindow());
        m.rejectUnknown();
        return new BotSettings.MediaSettings(maxBytes, maxFiles, kinds, album);
    }

    private CozeSettings readBotCoze(Section c, CozeDefaults d, ConfigPaths paths) {
        String baseUrl = baseUrl(c).orElse(d.baseUrl());
        ProxySettings proxy = proxies.read(c, d.proxy()).orElse(null);
        Secret token = null;
        CozeSettings.OAuthSettings oauth = null;
        if (c.has("token_env")) {
            token = c.headerSafeEnv("token_env", environment).orElse(null);
        } else if (c.has("oauth")) {
            oauth = readOAuth(c.section("oauth"), paths);
        } else if (d.tokenSection() != null) {
            token = d.tokenSection().headerSafeEnv("token_env", environment).orElse(null);
        } else if (d.oauth() != null) {
            oauth = d.oauth();
        } else {
            String value = environment.apply(DEFAULT_TOKEN_ENV);
            if (value == null || value.isBlank()) {
                c.problem(
                        null,
                        "no Coze credentials: set coze.token_env (here or at the top level) to the name "
                                + "of an environment variable holding a token (default " + DEFAULT_TOKEN_ENV
                                + ", which is not set), or configure coze.oauth");
            } else if (!Section.headerSafe(value.trim())) {
                c.problem(null, Section.notHeaderSafe(DEFAULT_TOKEN_ENV, "the token"));
            } else {
                token = new Secret(value.trim());
            }
        }
        return new CozeSettings(
                baseUrl,
                token,
                oauth,
                proxy,
                c.duration("connect_timeout", d.connect()),
                c.duration("first_event_timeout", d.firstEvent()),
                c.duration("idle_timeout", d.idle()),
                c.duration("total_timeout", d.total()),
                c.integer("max_retries", d.retries(), 0, 10),
                c.zeroOrPositiveDecimal("requests_per_second", d.rps()));
    }

    private CozeSettings.OAuthSettings readOAuth(Section o, ConfigPaths paths) {
        String appId = o.required("app_id");
        String keyId = o.required("key_id");
        Secret key = null;
        boolean byEnv = o.has("private_key_env");
        boolean byFile = o.has("private_key_file");
        if (byEnv && byFile) {
            o.problem(null, "set private_key_env or private_key_file, not both");
        } else if (byEnv) {
            key = o.env("private_key_env", environment).orElse(null);
        } else if (byFile) {
            String file = o.string("private_key_file").orElse(null);
            if (file != null) {
                Path resolved = paths.config(file);
                try {
                    key = new Secret(Files.readString(resolved));
                } catch (IOException e) {
                    o.problem("private_key_file", "cannot read " + resolved);
                }
            }
        } else {
            o.problem(null, "set private_key_env (an environment variable holding the PEM) or private_key_file");
        }
        if (key != null && !key.reveal().contains("BEGIN PRIVATE KEY")) {
            o.problem(null, "the private key must be PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), as Coze downloads it");
        }
        Duration ttl = o.duration("token_ttl", Duration.ofMinutes(15));
        if (ttl.toSeconds() > 86_399) {
            o.problem("token_ttl", "Coze allows at most 86399s");
        }
        o.rejectUnknown();
        return appId == null || keyId == null || key == null
                ? null
                : new CozeSettings.OAuthSettings(appId, keyId, key, ttl);
    }

    private BotSettings.DiscordSettings readDiscord(Section d, Optional<ProxySettings> defaultProxy) {
        Secret token = requireEnv(d, "token_env");
        String api = d.url("api_url", HTTP).orElse(BotSettings.DiscordSettings.DEFAULT_API_URL);
        String gateway = d.url("gateway_url", WS).orElse(BotSettings.DiscordSettings.DEFAULT_GATEWAY_URL);
        boolean threads = d.bool("thread_per_conversation", false);
        Duration edit = d.has("edit_interval") ? d.duration("edit_interval", null) : null;
        ProxySettings proxy = proxies.read(d, defaultProxy).orElse(null);
        BotSettings.ShardSettings shards = d.has("shards") ? ShardsConfig.read(d.section("shards")) : null;
        d.rejectUnknown();
        return new BotSettings.DiscordSettings(token, api, gateway, threads, edit, proxy, shards);
    }

    private BotSettings.TelegramSettings readTelegram(Section t, Optional<ProxySettings> defaultProxy) {
        Secret token = requireEnv(t, "token_env");
        if (token != null && !TELEGRAM_TOKEN.matcher(token.reveal()).matches()) {
            // The token is part of every Bot API URL path, so anything but BotFather's shape would change the path.
            t.problem(
                    "token_env",
                    "environment variable " + t.string("token_env").orElse("") + " does not hold a BotFather token "
                            + "(digits, a colon, then letters, digits, _ or -)");
            token = null;
        }
        String api = t.url("api_url", HTTP).orElse(BotSettings.TelegramSettings.DEFAULT_API_URL);
        boolean all = t.bool("answer_all_group_messages", false);
        boolean drafts = t.bool("drafts", false);
        boolean resetAnyone = t.bool("reset_by_anyone", false);
        Duration edit = t.has("edit_interval") ? t.duration("edit_interval", null) : null;
        BotSettings.WebhookSettings webhook = t.has("webhook") ? readWebhook(t.section("webhook")) : null;
        ProxySettings proxy = proxies.read(t, defaultProxy).orElse(null);
        t.rejectUnknown();
        return new BotSettings.TelegramSettings(token, api, all, drafts, resetAnyone, edit, webhook, proxy);
    }

    /** Telegram's rules: an HTTPS URL on port 443, 80, 88 or 8443, and a secret of 1–256 of A-Z a-z 0-9 _ -. */
    private BotSettings.WebhookSettings readWebhook(Section w) {
        String url = w.url("url", Set.of("https")).orElse(null);
        if (!w.has("url")) {
            w.problem("url", "required: the public HTTPS URL Telegram posts updates to");
        }
        if (url != null) {
            URI uri = URI.create(url);
            int port = uri.getPort() == -1 ? 443 : uri.getPort();
            if (!Set.of(443, 80, 88, 8443).contains(port)) {
                w.problem("url", "Telegram only posts to ports 443, 80, 88 or 8443, not " + port);
            }
            String path = uri.getRawPath();
            if (path == null || path.length() < 2) {
                w.problem("url", "needs a path (e.g. /telegram/<bot>) that the bridge serves on its http port");
            } else if (path.startsWith("/v1/")
                    || Set.of("/healthz", "/readyz", "/metrics").contains(path)) {
                w.problem("url", "the path " + path + " is one of the bridge's own HTTP routes; pick another");
            }
        }
        Secret secret = requireEnv(w, "secret_env");
        if (secret != null && !secret.reveal().matches("[A-Za-z0-9_-]{1,256}")) {
            w.problem(
                    "secret_env",
                    "Telegram accepts a secret of 1-256 characters A-Z, a-z, 0-9, _ and - only (the value is not shown)");
        }
        w.rejectUnknown();
        return url == null || secret == null ? null : new BotSettings.WebhookSettings(url, secret);
    }

    private HttpSettings readHttp(Section h) {
        String host = h.string("host").orElse("0.0.0.0");
        int port = h.integer("port", 8080, 0, 65_535);
        List<Secret> keys = new ArrayList<>();
        if (!h.has("api_keys_env")) {
            h.problem("api_keys_env", "required: the name of an environment variable with comma-separated API keys");
        } else {
            h.env("api_keys_env", environment).ifPresent(secret -> {
                String variable = h.string("api_keys_env").orElse("");
                for (String k : secret.reveal().split(",")) {
                    if (!k.isBlank()) {
                        keys.add(new Secret(k.trim()));
                    }
                }
                if (keys.isEmpty()) {
                    h.problem(
                            "api_keys_env",
                            "environment variable " + variable + " holds no key; put one or more keys in it, "
                                    + "separated by commas");
                } else if (!keys.stream().allMatch(k -> Section.headerSafe(k.reveal()))) {
                    h.problem("api_keys_env", Section.notHeaderSafe(variable, "the comma-separated keys"));
                    keys.clear();
                }
            });
        }
        List<HttpSettings.ModelAlias> aliases = new ArrayList<>();
        for (Section a : h.sequenceOfSections("aliases")) {
            String model = a.required("model");
            List<String> bots = a.strings("bots");
            if (bots.isEmpty()) {
                a.problem("bots", "required: list the bots behind this model");
            }
            a.rejectUnknown();
            if (model != null) {
                aliases.add(new HttpSettings.ModelAlias(model, bots));
            }
        }
        int concurrent = h.integer("max_concurrent_per_key", HttpSettings.DEFAULT_MAX_CONCURRENT_PER_KEY, 1, 10_000);
        int perMinute =
                h.integer("requests_per_minute_per_key", HttpSettings.DEFAULT_REQUESTS_PER_MINUTE_PER_KEY, 1, 100_000);
        double share = h.decimal("coze_share", HttpSettings.DEFAULT_COZE_SHARE, 0);
        if (share >= 1) {
            h.problem("coze_share", "must be less than 1 (platform users keep the rest), not " + share);
            share = HttpSettings.DEFAULT_COZE_SHARE;
        }
        h.rejectUnknown();
        return new HttpSettings(host, port, keys, aliases, concurrent, perMinute, share);
    }

    private Secret requireEnv(Section s, String key) {
        if (!s.has(key)) {
            s.problem(key, "required: the name of the environment variable holding the token");
            return null;
        }
        return s.headerSafeEnv(key, environment).orElse(null);
    }
}
