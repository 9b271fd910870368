package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.fakes.CapturedLogs;
import dev.cozebridge.fakes.HangUpServer;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.PlatformStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelegramStartupTest {
    private static final String TOKEN = "123456:AAstartupTokenThatMustNotLeak";

    private final PlatformStateStore state = new PlatformStateStore() {
        private final Map<String, String> values = new ConcurrentHashMap<>();

        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public void put(String key, String value) {
            values.put(key, value);
        }
    };

    private final Database database;
    private final HistoryStore history;

    TelegramStartupTest(@TempDir Path folder) {
        database = Database.open("jdbc:h2:file:" + folder.resolve("bridge"));
        history = new JdbcHistoryStore(new Jdbc(database.dataSource()));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private TelegramAdapter adapter(String apiUrl) {
        return new TelegramAdapter(
                TelegramTestSetup.bot("helpdesk", TOKEN, apiUrl, false, false, null),
                state,
                history,
                Clock.systemUTC(),
                BridgeMetrics.NOOP,
                TelegramTestSetup.tuning());
    }

    @Test
    void anUnreachableApiIsRetriedWithBackoffOneLineEachAndFailsAtTheReadyTimeout() {
        try (HangUpServer api = HangUpServer.start();
                CapturedLogs logs = CapturedLogs.start()) {
            TelegramAdapter nowhere = adapter("http://127.0.0.1:" + api.port());
            long started = System.nanoTime();
            assertThatThrownBy(() -> nowhere.start(new RecordingSink()))
                    .isInstanceOfSatisfying(
                            PlatformException.class,
                            e -> assertThat(e.getMessage())
                                    .contains("did not answer getMe for bot helpdesk within 2 s")
                                    .contains("attempt(s)")
                                    .doesNotContain(TOKEN));
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isGreaterThanOrEqualTo(TelegramTestSetup.STARTUP.readyTimeout())
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(nowhere.connected()).isFalse();

            int attempts = api.accepted();
            assertThat(attempts).isBetween(2, 24);
            List<ILoggingEvent> lines = logs.from("org.telegram", "dev.cozebridge.platform.telegram");
            assertThat(lines).allSatisfy(e -> {
                assertThat(e.getThrowableProxy()).isNull();
                assertThat(e.getFormattedMessage()).doesNotContain(TOKEN);
            });
            assertThat(lines).hasSizeBetween(1, attempts);
        }
    }

    @Test
    void stopFromAnotherThreadEndsAStartInProgressAtOnce() throws Exception {
        try (HangUpServer api = HangUpServer.start()) {
            TelegramAdapter slow = new TelegramAdapter(
                    TelegramTestSetup.bot("helpdesk", TOKEN, "http://127.0.0.1:" + api.port(), false, false, null),
                    state,
                    history,
                    Clock.systemUTC(),
                    BridgeMetrics.NOOP,
                    TelegramTuning.DEFAULT);
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    slow.start(new RecordingSink());
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            await().until(() -> api.accepted() >= 1);
            long stopping = System.nanoTime();
            slow.stop();
            assertThat(failure.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining("cancelled");
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(1));
        }
    }
}
