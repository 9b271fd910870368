package dev.cozebridge.platform.telegram;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.platform.StartupBackoff;
import java.time.Duration;

/**
 * Shrunk limits shared by the fake and the adapter: the fake enforces exactly what the adapter paces to, so
 * any 429 the fake serves without an injected fault is a pacing bug.
 */
final class TelegramTestSetup {

    static final Duration PRIVATE_WINDOW = Duration.ofMillis(150);
    static final int GROUP_COUNT = 3;
    static final Duration GROUP_WINDOW = Duration.ofSeconds(1);
    /** Start-up retries shrunk like the rest: 0.1 s doubling to 0.4 s, given up after 2 s. */
    static final StartupBackoff STARTUP =
            new StartupBackoff(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(2));

    private TelegramTestSetup() {}

    static FakeTelegram.Settings fakeSettings() {
        return FakeTelegram.Settings.defaults()
                .withLimits(
                        new FakeTelegram.Limit(1, PRIVATE_WINDOW),
                        new FakeTelegram.Limit(GROUP_COUNT, GROUP_WINDOW),
                        new FakeTelegram.Limit(30, Duration.ofSeconds(1)));
    }

    static TelegramTuning tuning() {
        return new TelegramTuning(
                Duration.ofSeconds(1),
                new TelegramTuning.Pace(1, PRIVATE_WINDOW),
                new TelegramTuning.Pace(GROUP_COUNT, GROUP_WINDOW),
                new TelegramTuning.Pace(30, Duration.ofSeconds(1)),
                STARTUP);
    }

    static BotSettings bot(
            String name, String token, String apiUrl, boolean drafts, boolean resetByAnyone, CozeSettings coze) {
        return TestSettings.bot(name, coze)
                .telegram(new BotSettings.TelegramSettings(
                        new Secret(token), apiUrl, false, drafts, resetByAnyone, Duration.ofMillis(200)))
                .build();
    }

    static BotSettings bot(FakeTelegram fake, boolean drafts, boolean resetByAnyone) {
        return bot("helpdesk", fake.token(), fake.apiUrl(), drafts, resetByAnyone, null);
    }
}
