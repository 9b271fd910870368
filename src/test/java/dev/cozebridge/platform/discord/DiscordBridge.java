package dev.cozebridge.platform.discord;

import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.conversation.BotRuntime;
import dev.cozebridge.conversation.ConversationService;
import dev.cozebridge.conversation.Sleeper;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakeDiscordSettings;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.JdbcSuggestionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The whole bridge for one Discord bot, wired as the application wires it: the real JDA against a
 * {@link FakeDiscord}, the conversation core on an H2 file database with the real migrations, our Coze client
 * against a {@link FakeCoze}. Each test class chooses only what it is about through {@link #in(Path)}; the rest
 * is what the Discord end-to-end tests share.
 */
final class DiscordBridge implements AutoCloseable {
    /** How long the reply helpers wait for the bot's message. */
    static final Duration WAIT = Duration.ofSeconds(20);

    final FakeDiscord discord;
    final FakeCoze coze;
    final BotSettings bot;
    final JdbcHistoryStore store;
    final ConversationService service;
    final DiscordAdapter adapter;
    private final CozeClient client;
    private final Database database;

    private DiscordBridge(Options options) {
        // whatever started before a failure is closed again: the test never sees a half-built bridge to close
        FakeDiscord startedDiscord = null;
        FakeCoze startedCoze = null;
        CozeClient startedClient = null;
        Database opened = null;
        ConversationService startedService = null;
        DiscordAdapter startedAdapter = null;
        try {
            startedDiscord = FakeDiscord.start(options.discord);
            startedCoze = FakeCoze.start();
            options.cozePreparation.accept(startedCoze);
            startedClient = CozeClient.create(
                    options.cozeClient.apply(TestSettings.coze(startedCoze)).build());
            opened = Database.open("jdbc:h2:file:" + options.folder.resolve("bridge"));
            bot = options.bot
                    .apply(TestSettings.bot(DiscordTestBots.bot(startedDiscord, false)))
                    .build();
            Jdbc jdbc = new Jdbc(opened.dataSource());
            store = new JdbcHistoryStore(jdbc);
            startedService = new ConversationService(
                    store,
                    options.suggestions ? new JdbcSuggestionStore(jdbc) : null,
                    Map.of(bot.name(), new BotRuntime(bot, startedClient)),
                    Clock.systemUTC(),
                    options.metrics,
                    Sleeper.SYSTEM);
            startedAdapter = new DiscordAdapter(bot, Clock.systemUTC(), options.metrics);
            startedService.register(startedAdapter);
            startedAdapter.start(options.sink.apply(startedService));
            if (options.recover) {
                startedService.recover(startedAdapter);
            }
        } catch (RuntimeException | Error e) {
            close(startedDiscord, startedCoze, startedClient, opened, startedService, startedAdapter);
            throw e;
        }
        discord = startedDiscord;
        coze = startedCoze;
        client = startedClient;
        database = opened;
        service = startedService;
        adapter = startedAdapter;
    }

    /** A bridge keeping its database in {@code folder}, with the shared choices until the test says otherwise. */
    static Options in(Path folder) {
        return new Options(folder);
    }

    /** The bot's first message in {@code channel} replying to {@code question}. */
    Optional<String> replyTo(String channel, String question) {
        return replies(channel, question).stream().findFirst();
    }

    /** Every bot message in {@code channel} replying to {@code question}, oldest first. */
    List<String> replies(String channel, String question) {
        return discord.botMessages(channel).stream()
                .filter(id -> discord.repliesTo(id).filter(question::equals).isPresent())
                .toList();
    }

    /** The bot message replying to {@code question}, once there is one. */
    String awaitReply(String channel, String question) {
        await().atMost(WAIT).until(() -> replyTo(channel, question).isPresent());
        return replyTo(channel, question).orElseThrow();
    }

    /** The bot message replying to {@code question}, once its text equals {@code expected}. */
    String awaitReply(String channel, String question, String expected) {
        return awaitReply(channel, question, expected::equals);
    }

    /** The bot message replying to {@code question}, once its text passes {@code done}. */
    String awaitReply(String channel, String question, Predicate<String> done) {
        await().atMost(WAIT)
                .until(() -> replyTo(channel, question)
                        .flatMap(discord::text)
                        .filter(done)
                        .isPresent());
        return replyTo(channel, question).orElseThrow();
    }

    /** The texts of the bot's messages in {@code channel}, oldest first. */
    List<String> texts(String channel) {
        return discord.botMessages(channel).stream()
                .map(discord::text)
                .flatMap(Optional::stream)
                .toList();
    }

    /** In the application's order: the conversations drain, then Discord disconnects, then the rest. */
    @Override
    public void close() {
        close(discord, coze, client, database, service, adapter);
    }

    private static void close(
            FakeDiscord discord,
            FakeCoze coze,
            CozeClient client,
            Database database,
            ConversationService service,
            DiscordAdapter adapter) {
        if (service != null) {
            service.shutdown(Duration.ofSeconds(5));
        }
        if (adapter != null) {
            adapter.stop();
        }
        if (database != null) {
            database.close();
        }
        if (client != null) {
            client.close();
        }
        if (coze != null) {
            coze.close();
        }
        if (discord != null) {
            discord.close();
        }
    }

    /** What a test class chooses; each default is what most Discord end-to-end tests use. */
    static final class Options {
        private final Path folder;
        private FakeDiscordSettings discord = FakeDiscordSettings.defaults().withBucket(5, Duration.ofMillis(500));
        private Consumer<FakeCoze> cozePreparation = coze -> {};
        private UnaryOperator<TestSettings.Coze> cozeClient = coze -> coze.totalTimeout(Duration.ofSeconds(60));
        private UnaryOperator<BotSettings.Builder> bot = UnaryOperator.identity();
        private boolean suggestions;
        private BridgeMetrics metrics = BridgeMetrics.NOOP;
        private UnaryOperator<InboundSink> sink = UnaryOperator.identity();
        private boolean recover = true;

        private Options(Path folder) {
            this.folder = folder;
        }

        /** The fake Discord's limits; by default a bucket of 5 writes per 500 ms. */
        Options discord(FakeDiscordSettings value) {
            discord = value;
            return this;
        }

        /** What the fake Coze knows before the bot starts (bot info, a default script). */
        Options coze(Consumer<FakeCoze> value) {
            cozePreparation = value;
            return this;
        }

        /** The Coze client's settings on top of the fake's; by default a 60 s total timeout. */
        Options cozeClient(UnaryOperator<TestSettings.Coze> value) {
            cozeClient = value;
            return this;
        }

        /** The bot's settings on top of {@link DiscordTestBots#bot(FakeDiscord, boolean)} without threads. */
        Options bot(UnaryOperator<BotSettings.Builder> value) {
            bot = value;
            return this;
        }

        /** Suggestion buttons stored in the database; without, the core shows none. */
        Options suggestions() {
            suggestions = true;
            return this;
        }

        /** One metrics instance shared by the core and the adapter; by default none. */
        Options metrics(BridgeMetrics value) {
            metrics = value;
            return this;
        }

        /** What the adapter hands its events to, wrapping the core. */
        Options sink(UnaryOperator<InboundSink> value) {
            sink = value;
            return this;
        }

        /** Without the crash recovery the application runs after connecting. */
        Options withoutRecovery() {
            recover = false;
            return this;
        }

        DiscordBridge start() {
            return new DiscordBridge(this);
        }
    }
}
