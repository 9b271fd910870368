package dev.cozebridge.platform.telegram;

import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.conversation.BotRuntime;
import dev.cozebridge.conversation.ConversationService;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.JdbcPlatformStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole bridge for one Telegram bot, wired as the application wires it: H2 file database with its
 * migrations, the conversation service, the Coze client against FakeCoze and the Telegram adapter against
 * FakeTelegram. {@link #restart()} replaces everything but the fakes and the database file.
 */
final class TelegramBridge implements AutoCloseable {

    final FakeTelegram telegram = FakeTelegram.start(TelegramTestSetup.fakeSettings());
    final FakeCoze coze = FakeCoze.start();
    final BotSettings bot;
    private final String databaseUrl;
    private Database database;
    private CozeClient agent;
    ConversationService service;
    TelegramAdapter adapter;

    TelegramBridge(Path folder) {
        this(folder, false);
    }

    TelegramBridge(Path folder, boolean drafts) {
        this(folder, drafts, BotLocale.EN);
    }

    TelegramBridge(Path folder, boolean drafts, BotLocale locale) {
        databaseUrl = "jdbc:h2:file:" + folder.resolve("bridge");
        CozeSettings cozeSettings = new CozeSettings(
                coze.baseUrl(),
                new Secret(coze.token()),
                null,
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                0,
                0);
        BotSettings english =
                TelegramTestSetup.bot("helpdesk", telegram.token(), telegram.apiUrl(), drafts, false, cozeSettings);
        bot = BotSettings.builder(english.name(), english.botId(), english.coze())
                .locale(locale)
                .telegram(english.telegram())
                .build();
        boot();
    }

    void boot() {
        database = Database.open(databaseUrl);
        Jdbc jdbc = new Jdbc(database.dataSource());
        agent = CozeClient.create(bot.coze());
        service = new ConversationService(
                new JdbcHistoryStore(jdbc),
                Map.of(bot.name(), new BotRuntime(bot, agent)),
                Clock.systemUTC(),
                BridgeMetrics.NOOP);
        adapter = new TelegramAdapter(
                bot,
                new JdbcPlatformStateStore(jdbc),
                Clock.systemUTC(),
                BridgeMetrics.NOOP,
                TelegramTestSetup.tuning());
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

    @Override
    public void close() {
        shutdown();
        coze.close();
        telegram.close();
    }
}
