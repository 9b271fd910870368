package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.fakes.CapturedLogs;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.JdbcPlatformStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code answer_all_group_messages} needs privacy mode off: at start, getMe's {@code can_read_all_group_messages}
 * is checked, and one warning says how to turn it off when it would hide group messages.
 */
class TelegramPrivacyModeTest {

    private final FakeTelegram fake = FakeTelegram.start(TelegramTestSetup.fakeSettings());
    private final Database database;
    private TelegramAdapter adapter;

    TelegramPrivacyModeTest(@TempDir Path folder) {
        database = Database.open("jdbc:h2:file:" + folder.resolve("bridge"));
    }

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.stop();
        }
        fake.close();
        database.close();
    }

    /** The adapter's warnings logged while it started. */
    private List<ILoggingEvent> warningsOfAStart(boolean answerAllGroupMessages) {
        BotSettings bot = TestSettings.bot("helpdesk", null)
                .telegram(new BotSettings.TelegramSettings(
                        new Secret(fake.token()),
                        fake.apiUrl(),
                        answerAllGroupMessages,
                        false,
                        false,
                        Duration.ofMillis(200)))
                .build();
        Jdbc jdbc = new Jdbc(database.dataSource());
        try (CapturedLogs logs = CapturedLogs.start()) {
            adapter = new TelegramAdapter(
                    bot,
                    new JdbcPlatformStateStore(jdbc),
                    new JdbcHistoryStore(jdbc),
                    Clock.systemUTC(),
                    BridgeMetrics.NOOP,
                    TelegramTestSetup.tuning());
            adapter.start(new RecordingSink());
            return logs.from(TelegramAdapter.class.getName()).stream()
                    .filter(e -> e.getLevel() == Level.WARN)
                    .toList();
        }
    }

    @Test
    void answeringEveryGroupMessageWithPrivacyModeOnIsWarnedAboutOnceWithTheWayOut() {
        List<ILoggingEvent> warnings = warningsOfAStart(true);

        assertThat(warnings)
                .singleElement()
                .satisfies(w -> assertThat(w.getFormattedMessage())
                        .contains("helpdesk", "answer_all_group_messages", "privacy mode is on")
                        .contains("@BotFather", "/setprivacy", "@proto_bot", "Disable", "add it again"));
        assertThat(fake.calls("getMe")).hasSize(1);
    }

    @Test
    void withPrivacyModeOffNothingIsSaid() {
        fake.canReadAllGroupMessages(true);

        assertThat(warningsOfAStart(true)).isEmpty();
    }

    @Test
    void aBotAnsweringOnlyMentionsNeedsNoPrivacyChange() {
        assertThat(warningsOfAStart(false)).isEmpty();
    }
}
