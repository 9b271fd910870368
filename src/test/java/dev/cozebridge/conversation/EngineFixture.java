package dev.cozebridge.conversation;

import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.fakes.RecordingMetrics;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.platform.PlatformLimits;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine with real parts: an H2 file database migrated by the real migrations, FakeCoze behind our
 * CozeClient, and the recording platform.
 */
final class EngineFixture implements AutoCloseable {

    static final String BOT = "helper";
    static final String BOT_ID = "7429890021130403874";
    static final Author ALICE = new Author("u-alice", "Alice");
    static final Author BOB = new Author("u-bob", "Bob");

    final Path dir;
    final FakeCoze coze;
    final CozeClient client;
    final RecordingMetrics metrics = new RecordingMetrics();
    final Clock clock = Clock.systemUTC();
    private final AtomicLong messageIds = new AtomicLong(1000);
    Database database;
    JdbcHistoryStore store;
    RecordingPlatform platform;
    ConversationService service;
    BotSettings.AccessSettings access = new BotSettings.AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 0, 5);
    PlatformLimits limits = RecordingPlatform.fastLimits();
    BotSettings.MediaSettings media = BotSettings.MediaSettings.DEFAULT;
    /** One answer at a time per conversation unless a test asks for more. */
    BotSettings.QueueSettings queue = new BotSettings.QueueSettings(Duration.ofMinutes(10), 1);

    EngineFixture(Path dir) {
        this(dir, Duration.ofSeconds(10));
    }

    /** @param cozeTimeout the client's first-event and idle timeouts (a loaded machine needs more) */
    EngineFixture(Path dir, Duration cozeTimeout) {
        this.dir = dir;
        this.coze = FakeCoze.start();
        this.client = CozeClient.create(TestSettings.coze(coze)
                .firstEventTimeout(cozeTimeout)
                .idleTimeout(cozeTimeout)
                .totalTimeout(cozeTimeout.multipliedBy(6))
                .build());
    }

    BotSettings settings() {
        return BotSettings.builder(BOT, BOT_ID, null)
                .customVariables(Map.of("tone", "friendly"))
                .access(access)
                .media(media)
                .queue(queue)
                .build();
    }

    /** Opens the database and a service with a registered recording platform. */
    EngineFixture start() {
        return start(new RecordingPlatform(BOT, "test", limits, clock));
    }

    /** Like {@link #start()} with a given platform, e.g. the one a previous run wrote into. */
    EngineFixture start(RecordingPlatform platform) {
        database = Database.open("jdbc:h2:file:" + dir.resolve("db/bridge"));
        store = new JdbcHistoryStore(new Jdbc(database.dataSource()));
        this.platform = platform;
        service = new ConversationService(store, Map.of(BOT, new BotRuntime(settings(), client)), clock, metrics);
        service.register(platform);
        platform.start(service);
        return this;
    }

    /** Shuts the service down and closes the database, as a process exit would. */
    void stop() {
        if (service != null) {
            service.shutdown(Duration.ofSeconds(5));
            service = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }

    static ConversationKey key(String scope) {
        return new ConversationKey(BOT, "test", scope);
    }

    InboundMessage message(String scope, Author author, String text) {
        return message(
                key(scope),
                Long.toString(messageIds.incrementAndGet()),
                author,
                text,
                ReplyTarget.channel(scope),
                false,
                List.of(scope));
    }

    InboundMessage message(
            ConversationKey key,
            String messageId,
            Author author,
            String text,
            ReplyTarget target,
            boolean multiUser,
            List<String> places) {
        return new InboundMessage(key, messageId, author, text, target, multiUser, Instant.now(), places);
    }

    @Override
    public void close() {
        stop();
        client.close();
        coze.close();
    }
}
