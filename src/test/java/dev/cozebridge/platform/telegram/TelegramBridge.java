package dev.cozebridge.platform.telegram;

import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.conversation.BotRuntime;
import dev.cozebridge.conversation.ConversationService;
import dev.cozebridge.conversation.Sleeper;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.metrics.MicrometerMetrics;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.JdbcPlatformStateStore;
import dev.cozebridge.store.JdbcSuggestionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The whole bridge for one Telegram bot, wired as the application wires it: H2 file database with its
 * migrations, the conversation service, the Coze client against FakeCoze and the Telegram adapter against
 * FakeTelegram, and one {@link MicrometerMetrics} shared by the core and the adapter. {@link #restart()} replaces
 * everything but the fakes, the metrics and the database file.
 */
final class TelegramBridge implements AutoCloseable {

    final FakeTelegram telegram = FakeTelegram.start(TelegramTestSetup.fakeSettings());
    final FakeCoze coze = FakeCoze.start();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final MicrometerMetrics metrics = new MicrometerMetrics(registry);
    final BotSettings bot;
    private final String databaseUrl;
    private Database database;
    private CozeClient agent;
    ConversationService service;
    JdbcHistoryStore store;
    TelegramAdapter adapter;

    TelegramBridge(Path folder) {
        this(folder, false);
    }

    TelegramBridge(Path folder, boolean drafts) {
        this(folder, drafts, BotLocale.EN);
    }

    TelegramBridge(Path folder, boolean drafts, BotLocale locale) {
        this(folder, drafts, locale, UnaryOperator.identity());
    }

    /** With settings of the test's choosing on top of the defaults (media limits, conversation scope, ...). */
    TelegramBridge(Path folder, UnaryOperator<BotSettings.Builder> settings) {
        this(folder, false, BotLocale.EN, settings);
    }

    TelegramBridge(Path folder, boolean drafts, BotLocale locale, UnaryOperator<BotSettings.Builder> settings) {
        databaseUrl = "jdbc:h2:file:" + folder.resolve("bridge");
        CozeSettings cozeSettings = TestSettings.coze(coze).build();
        BotSettings english =
                TelegramTestSetup.bot("helpdesk", telegram.token(), telegram.apiUrl(), drafts, false, cozeSettings);
        bot = settings.apply(TestSettings.bot(english).locale(locale)).build();
        boot();
    }

    void boot() {
        database = Database.open(databaseUrl);
        Jdbc jdbc = new Jdbc(database.dataSource());
        agent = CozeClient.create(bot.coze());
        store = new JdbcHistoryStore(jdbc);
        service = new ConversationService(
                store,
                new JdbcSuggestionStore(jdbc),
                Map.of(bot.name(), new BotRuntime(bot, agent)),
                Clock.systemUTC(),
                metrics,
                Sleeper.SYSTEM);
        adapter = new TelegramAdapter(
                bot, new JdbcPlatformStateStore(jdbc), store, Clock.systemUTC(), metrics, TelegramTestSetup.tuning());
        service.register(adapter);
        adapter.start(service);
        service.recover(adapter);
    }

    void shutdown() {
        shutdown(Duration.ofSeconds(5));
    }

    /** In the application's order: the conversations drain (up to {@code grace}), then Telegram disconnects. */
    void shutdown(Duration grace) {
        service.shutdown(grace);
        adapter.stop();
        agent.close();
        database.close();
    }

    /** A new process on the same database file. */
    void restart() {
        shutdown();
        boot();
    }

    /** The texts Telegram shows for the bot's messages in this chat, oldest first. */
    List<String> shown(FakeTelegram.Chat chat) {
        return telegram.sent(chat).stream().map(FakeTelegram.SentMessage::text).toList();
    }

    /** The text of the bot's newest message in this chat, or "" when there is none. */
    String lastShown(FakeTelegram.Chat chat) {
        List<String> shown = shown(chat);
        return shown.isEmpty() ? "" : shown.getLast();
    }

    /** The Telegram writes counted so far for {@code operation} ({@code send}, {@code edit}, {@code draft}). */
    double writes(String operation) {
        Counter counter = registry.find("coze.bridge.platform.writes")
                .tag("platform", "telegram")
                .tag("operation", operation)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        shutdown();
        coze.close();
        telegram.close();
    }
}
