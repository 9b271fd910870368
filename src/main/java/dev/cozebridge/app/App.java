package dev.cozebridge.app;

import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.HttpSettings;
import dev.cozebridge.conversation.BotRuntime;
import dev.cozebridge.conversation.ConversationService;
import dev.cozebridge.conversation.Sleeper;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.metrics.MicrometerMetrics;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.WebhookReceiver;
import dev.cozebridge.platform.discord.DiscordAdapter;
import dev.cozebridge.platform.http.HttpBot;
import dev.cozebridge.platform.http.OpenAiServer;
import dev.cozebridge.platform.http.Readiness;
import dev.cozebridge.platform.telegram.TelegramAdapter;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.DeliveryLedger;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcDeliveryLedger;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.JdbcPlatformStateStore;
import dev.cozebridge.store.JdbcSuggestionStore;
import dev.cozebridge.store.PlatformStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All wiring, by hand, in one place: the database, one Coze client per credential, the conversation core, the
 * platform adapters of every bot and the HTTP API. Closing it shuts everything down in the safe order.
 */
final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    /** Registry from platform kind to factory; the terminal is wired by the chat command itself. */
    static final List<PlatformFactory> PLATFORMS = List.of(
            new Factory(
                    "discord",
                    b -> b.discord() != null,
                    (bot, state, history, deliveries, clock, metrics) -> new DiscordAdapter(bot, clock, metrics)),
            new Factory(
                    "telegram",
                    b -> b.telegram() != null,
                    (bot, state, history, deliveries, clock, metrics) ->
                            new TelegramAdapter(bot, state, history, deliveries, clock, metrics)));

    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final BridgeConfig config;
    private final Clock clock;
    private final Database database;
    private final MicrometerMetrics metrics;
    private final Map<String, CozeClient> clients = new LinkedHashMap<>();
    private final Map<String, BotRuntime> bots = new LinkedHashMap<>();
    private final ConversationService conversations;
    private final PlatformStateStore platformState;
    /** One store for the core and the adapters, so a moved conversation is seen by both at once. */
    private final HistoryStore history;

    private final DeliveryLedger deliveries;
    private final List<PlatformAdapter> adapters = new ArrayList<>();
    private boolean platformsCreated;
    private OpenAiServer http;
    /** The adapter whose start is in progress, so that a SIGTERM during start can end it. */
    private volatile PlatformAdapter starting;

    private volatile boolean aborted;

    /** Opens the database and builds the core for the given bots; starts nothing yet. */
    App(BridgeConfig config, List<BotSettings> selected, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = Database.open(config.database());
        this.metrics = new MicrometerMetrics();
        try {
            double apiShare = config.http() != null ? config.http().cozeShare() : HttpSettings.DEFAULT_COZE_SHARE;
            for (BotSettings bot : selected) {
                // One client per credential, so the client-side rate limit is per token as Coze counts it.
                CozeClient client = clients.computeIfAbsent(
                        bot.coze().credentialKey(), key -> CozeClient.create(bot.coze(), apiShare, metrics));
                bots.put(bot.name(), new BotRuntime(bot, client));
            }
            Jdbc jdbc = new Jdbc(database.dataSource());
            this.platformState = new JdbcPlatformStateStore(jdbc);
            this.deliveries = new JdbcDeliveryLedger(jdbc);
            this.history = new JdbcHistoryStore(jdbc);
            this.conversations = new ConversationService(
                    history,
                    new JdbcSuggestionStore(jdbc),
                    bots,
                    clock,
                    metrics,
                    Sleeper.SYSTEM,
                    queueOptions(config.instance(), database));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * This instance's part in the shared queue. On H2 the file lock admits one process, so a fixed name lets a
     * restart take over at once; on PostgreSQL several instances share the queue and need names of their own.
     */
    /** Tells apart the bridges one JVM runs (tests run several instances in one process). */
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
            new java.util.concurrent.atomic.AtomicInteger();

    static ConversationService.QueueOptions queueOptions(BridgeConfig.InstanceSettings instance, Database database) {
        String name = instance.name();
        if (name == null) {
            name = database.vendor() == Database.Vendor.H2
                    ? ConversationService.QueueOptions.EMBEDDED.owner()
                    : hostName() + "-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        }
        return new ConversationService.QueueOptions(
                name, instance.leaseTtl(), ConversationService.QueueOptions.EMBEDDED.scanInterval());
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "instance";
        }
    }

    Database database() {
        return database;
    }

    ConversationService conversations() {
        return conversations;
    }

    BridgeMetrics metrics() {
        return metrics;
    }

    /** Asks Coze about every bot through the client its chats will use (see {@link CozeCheck}). */
    List<CozeCheck.Result> checkCoze() {
        return CozeCheck.run(
                bots.values().stream().map(BotRuntime::settings).toList(),
                bot -> clients.get(bot.coze().credentialKey()));
    }

    /** The adapters {@link #startPlatforms()} would start: one per configured platform section of each bot. */
    List<String> plannedPlatforms() {
        List<String> planned = new ArrayList<>();
        for (BotRuntime bot : bots.values()) {
            for (PlatformFactory f : PLATFORMS) {
                if (f.configured(bot.settings())) {
                    planned.add(bot.settings().name() + "/" + f.kind());
                }
            }
        }
        return planned;
    }

    /**
     * Creates every configured platform adapter of every bot (once) and registers it with the core; nothing
     * connects yet, so the HTTP server can serve their webhooks before the platforms are told about them.
     */
    private List<PlatformAdapter> createPlatforms() {
        if (!platformsCreated) {
            platformsCreated = true;
            for (BotRuntime bot : bots.values()) {
                for (PlatformFactory f : PLATFORMS) {
                    if (f.configured(bot.settings())) {
                        register(f.create(bot.settings(), platformState, history, deliveries, clock, metrics));
                    }
                }
            }
        }
        return List.copyOf(adapters);
    }

    /**
     * Starts every configured platform of every bot, then finalizes replies a crash left half-streamed. Throws
     * the first start failure; after {@link #abortStart()} it stops at once.
     */
    void startPlatforms() {
        for (PlatformAdapter adapter : createPlatforms()) {
            starting = adapter;
            if (aborted) {
                throw new IllegalStateException(
                        "stopping: " + adapter.bot() + "/" + adapter.platform() + " was not started");
            }
            try {
                connect(adapter);
            } finally {
                starting = null;
            }
            log.info("{}: {} connected", adapter.bot(), adapter.platform());
        }
    }

    /** Registers and starts an adapter that is not one of the configured platforms: the terminal. */
    void start(PlatformAdapter adapter) {
        register(adapter);
        connect(adapter);
    }

    /** Makes the core send through {@code adapter}; {@link #close} stops it. Nothing connects yet. */
    private void register(PlatformAdapter adapter) {
        conversations.register(adapter);
        adapters.add(adapter);
        String bot = adapter.bot();
        String platform = adapter.platform();
        metrics.queueDepth(bot, platform, () -> history.queue().depth(bot, platform));
    }

    /**
     * The one start sequence of every registered adapter, the terminal's included: start it with the core as its
     * sink (blocks until connected), then finalize the replies a crash left half-streamed on it.
     */
    private void connect(PlatformAdapter adapter) {
        adapter.start(conversations);
        conversations.recover(adapter);
    }

    /** Starts the OpenAI-compatible API when the {@code http} section is present. */
    void startHttp() {
        if (config.http() == null) {
            return;
        }
        Map<String, HttpBot> httpBots = new LinkedHashMap<>();
        bots.forEach((name, runtime) -> {
            CozeClient client = clients.get(runtime.settings().coze().credentialKey());
            // The API's chats wait in their own lane of the shared rate limit, so platform users keep their share.
            httpBots.put(name, new HttpBot(runtime.settings(), client.apiAgent(), client.apiUploader()));
        });
        List<WebhookReceiver.Webhook> webhooks = new ArrayList<>();
        for (PlatformAdapter adapter : createPlatforms()) {
            if (adapter instanceof WebhookReceiver receiver) {
                webhooks.addAll(receiver.webhooks());
            }
        }
        http = new OpenAiServer(
                config.http(),
                httpBots,
                new Readiness(database::ping, List.copyOf(adapters)),
                metrics,
                clock,
                webhooks);
        http.start();
        log.info("OpenAI-compatible API listening on port {}", http.port());
    }

    /**
     * Called from another thread (the SIGTERM hook): ends a platform start in progress and starts no more, so
     * that {@link #startPlatforms()} returns within a second.
     */
    void abortStart() {
        aborted = true;
        PlatformAdapter current = starting;
        if (current != null) {
            closeQuietly(current.bot() + "/" + current.platform(), current::stop);
        }
    }

    /** The port the HTTP API listens on (it may have been 0, "any free port", in the config). */
    int httpPort() {
        if (http == null) {
            throw new IllegalStateException("the HTTP API is not started");
        }
        return http.port();
    }

    boolean httpEnabled() {
        return config.http() != null;
    }

    /**
     * Stops in the order that loses nothing: in-flight replies finish or are finalized (they still need their
     * platforms), then the platforms disconnect, then the HTTP API, the Coze clients, and last the database.
     */
    @Override
    public void close() {
        close(SHUTDOWN_GRACE);
    }

    /** {@link #close()} with {@code grace} for in-flight replies; closing twice is harmless. */
    void close(Duration grace) {
        // a webhook delivery arriving during the grace goes back to the platform (503) for another instance or
        // the restart, instead of getting the "shutting down" notice
        for (PlatformAdapter adapter : adapters) {
            if (adapter instanceof WebhookReceiver receiver) {
                closeQuietly(adapter.bot() + "/" + adapter.platform() + " webhook", receiver::stopReceiving);
            }
        }
        if (conversations != null) {
            closeQuietly("conversations", () -> conversations.shutdown(grace));
        }
        for (PlatformAdapter adapter : adapters) {
            closeQuietly(adapter.bot() + "/" + adapter.platform(), adapter::stop);
        }
        if (http != null) {
            closeQuietly("http", http::close);
        }
        for (CozeClient client : clients.values()) {
            closeQuietly("coze client", client::close);
        }
        closeQuietly("database", database::close);
    }

    private static void closeQuietly(String what, ThrowingRunnable action) {
        try {
            action.run();
        } catch (Exception e) {
            log.warn("Stopping {} failed: {}", what, e.toString());
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private interface Creator {
        PlatformAdapter create(
                BotSettings bot,
                PlatformStateStore state,
                HistoryStore history,
                DeliveryLedger deliveries,
                Clock clock,
                BridgeMetrics metrics);
    }

    private record Factory(String kind, Predicate<BotSettings> condition, Creator creator) implements PlatformFactory {
        @Override
        public boolean configured(BotSettings bot) {
            return condition.test(bot);
        }

        @Override
        public PlatformAdapter create(
                BotSettings bot,
                PlatformStateStore state,
                HistoryStore history,
                DeliveryLedger deliveries,
                Clock clock,
                BridgeMetrics metrics) {
            return creator.create(bot, state, history, deliveries, clock, metrics);
        }
    }
}
