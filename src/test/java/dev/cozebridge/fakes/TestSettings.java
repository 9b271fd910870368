package dev.cozebridge.fakes;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.CozeSettings.OAuthSettings;
import dev.cozebridge.config.ProxySettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.fakes.coze.FakeCoze;
import java.time.Duration;

/**
 * Settings for tests, built from defaults that suit the fakes, so a test names only what it is about and a new
 * settings field is added here (or to {@link BotSettings#builder}) once instead of in every test.
 */
public final class TestSettings {

    /** The Coze bot id the fakes accept by default. */
    public static final String BOT_ID = "7400000000000000001";

    private TestSettings() {}

    /** Coze settings for the fake with its token; 5 s connect, 10 s first event and idle, 30 s total, no retries. */
    public static Coze coze(FakeCoze fake) {
        return new Coze(fake.baseUrl()).token(fake.token());
    }

    /** Coze settings for {@code baseUrl} without any credential yet. */
    public static Coze coze(String baseUrl) {
        return new Coze(baseUrl);
    }

    /** A copy of {@code settings} to change. */
    public static Coze coze(CozeSettings settings) {
        Coze coze = new Coze(settings.baseUrl());
        coze.token = settings.token();
        coze.oauth = settings.oauth();
        coze.proxy = settings.proxy();
        coze.connectTimeout = settings.connectTimeout();
        coze.firstEventTimeout = settings.firstEventTimeout();
        coze.idleTimeout = settings.idleTimeout();
        coze.totalTimeout = settings.totalTimeout();
        coze.maxRetries = settings.maxRetries();
        coze.requestsPerSecond = settings.requestsPerSecond();
        return coze;
    }

    /** A bot named {@code name} with the default bot id and no Coze settings; the rest at their defaults. */
    public static BotSettings.Builder bot(String name) {
        return BotSettings.builder(name, BOT_ID, null);
    }

    /** A bot named {@code name} with the default bot id, talking to Coze through {@code coze}. */
    public static BotSettings.Builder bot(String name, CozeSettings coze) {
        return BotSettings.builder(name, BOT_ID, coze);
    }

    /** A builder that starts as a copy of {@code settings}. */
    public static BotSettings.Builder bot(BotSettings settings) {
        return BotSettings.builder(settings.name(), settings.botId(), settings.coze())
                .customVariables(settings.customVariables())
                .imageBot(settings.imageBot())
                .locale(settings.locale())
                .history(settings.history())
                .access(settings.access())
                .discord(settings.discord())
                .telegram(settings.telegram())
                .media(settings.media())
                .scope(settings.scope())
                .editWindow(settings.editWindow())
                .display(settings.display());
    }

    /** Builds {@link CozeSettings}. */
    public static final class Coze {
        private String baseUrl;
        private Secret token;
        private OAuthSettings oauth;
        private ProxySettings proxy;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration firstEventTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(10);
        private Duration totalTimeout = Duration.ofSeconds(30);
        private int maxRetries;
        private double requestsPerSecond;

        private Coze(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public Coze baseUrl(String value) {
            baseUrl = value;
            return this;
        }

        public Coze token(String value) {
            token = value == null ? null : new Secret(value);
            return this;
        }

        /** OAuth instead of a token. */
        public Coze oauth(OAuthSettings value) {
            oauth = value;
            token = null;
            return this;
        }

        public Coze proxy(ProxySettings value) {
            proxy = value;
            return this;
        }

        public Coze connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Coze firstEventTimeout(Duration value) {
            firstEventTimeout = value;
            return this;
        }

        public Coze idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Coze totalTimeout(Duration value) {
            totalTimeout = value;
            return this;
        }

        public Coze maxRetries(int value) {
            maxRetries = value;
            return this;
        }

        /** 0 for no client-side limit. */
        public Coze requestsPerSecond(double value) {
            requestsPerSecond = value;
            return this;
        }

        public CozeSettings build() {
            return new CozeSettings(
                    baseUrl,
                    token,
                    oauth,
                    proxy,
                    connectTimeout,
                    firstEventTimeout,
                    idleTimeout,
                    totalTimeout,
                    maxRetries,
                    requestsPerSecond);
        }
    }
}
