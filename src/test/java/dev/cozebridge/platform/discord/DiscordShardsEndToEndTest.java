package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.DatabaseSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.conversation.BotRuntime;
import dev.cozebridge.conversation.ConversationService;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakeDiscordSettings;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.platform.StartupBackoff;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Discord's shards end to end: the real JDA shard manager against the fake Discord, which routes a guild's events
 * to shard {@code (guild_id >> 22) % total} and DMs to shard 0 as Discord does; bridge instances in one JVM, each
 * with its own adapter and conversation core, on one PostgreSQL database as a multi-instance deployment runs.
 * The fake's first guild is on shard 0 of 2, its second guild on shard 1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordShardsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ANSWER = "Answered once.";

    private FakeCoze coze;
    private FakeDiscord discord;
    private final List<Instance> instances = new ArrayList<>();

    @BeforeAll
    void startCoze() {
        coze = FakeCoze.start();
        coze.defaultScript(chat -> Script.answer(ANSWER));
    }

    @AfterAll
    void stopCoze() {
        coze.close();
    }

    @BeforeEach
    void startDiscord() {
        discord = FakeDiscord.start(FakeDiscordSettings.defaults().withBucket(5, Duration.ofMillis(500)));
        discord.recommendShards(2);
        // shards 0 and 1 are in different start buckets, so both may identify at once
        discord.maxConcurrency(2);
    }

    @AfterEach
    void stopAll() {
        instances.forEach(Instance::close);
        instances.clear();
        discord.close();
    }

    @Test
    void twoInstancesSplitTheGuildsAndEachQuestionIsAnsweredOnceByTheOwnerOfItsShard() {
        int chatsBefore = coze.chats().size();
        String database = TestDatabases.freshPostgres();
        Instance first = start(new BotSettings.ShardSettings(2, List.of(0)), database);
        Instance second = start(new BotSettings.ShardSettings(2, List.of(1)), database);
        assertThat(discord.identifiedShards()).containsExactly(List.of(0, 2), List.of(1, 2));
        assertThat(first.adapter.connected()).isTrue();
        assertThat(second.adapter.connected()).isTrue();
        // the instance running shard 0 registered the commands; the other one did not put them again
        assertThat(discord.calls("PUT", "applications/\\d+/commands")).hasSize(1);
        assertThat(discord.registeredCommands()).isNotEmpty();

        List<String> inFirstGuild = new ArrayList<>();
        List<String> inSecondGuild = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFirstGuild.add(discord.post(
                    discord.alice(), discord.general(), discord.bot().mention() + " first guild, " + i));
            inSecondGuild.add(discord.post(
                    discord.bob(), discord.secondGeneral(), discord.bot().mention() + " second guild, " + i));
        }
        String dm = discord.dm(discord.alice(), "a private question");
        String slash = discord.slash(discord.bob(), discord.secondGeneral(), "ask", Map.of("prompt", "by command"));
        // a session gets its events in order: once each instance has the last question of its shard, it has had
        // every event Discord sent it before, so what it accepted is complete
        inFirstGuild.add(
                discord.post(discord.bob(), discord.general(), discord.bot().mention() + " last, first"));
        inSecondGuild.add(discord.post(
                discord.alice(), discord.secondGeneral(), discord.bot().mention() + " last, second"));
        await().atMost(WAIT)
                .until(() -> first.sink.accepted.contains(inFirstGuild.getLast())
                        && second.sink.accepted.contains(inSecondGuild.getLast()));

        assertThat(first.sink.accepted).containsExactlyInAnyOrderElementsOf(concat(inFirstGuild, List.of(dm)));
        assertThat(second.sink.accepted).containsExactlyInAnyOrderElementsOf(concat(inSecondGuild, List.of(slash)));
        awaitAnsweredOnce(discord.general(), inFirstGuild);
        awaitAnsweredOnce(discord.secondGeneral(), inSecondGuild);
        awaitAnsweredOnce(discord.dmChannel(discord.alice()), List.of(dm));
        await().atMost(WAIT)
                .until(() -> discord.interactionResponse(slash)
                        .filter(ANSWER::equals)
                        .isPresent());
        assertThat(discord.calls("POST", "interactions/" + slash + "/.*")).hasSize(1);
        assertThat(discord.interactionFollowUps(slash)).isEmpty();
        // one Coze chat per question: no instance asked twice
        assertThat(coze.chats()).hasSize(chatsBefore + inFirstGuild.size() + inSecondGuild.size() + 2);
    }

    @Test
    void aDmIsAnsweredByTheInstanceRunningShardZeroOnly() {
        String database = TestDatabases.freshPostgres();
        Instance second = start(new BotSettings.ShardSettings(2, List.of(1)), database);
        Instance first = start(new BotSettings.ShardSettings(2, List.of(0)), database);
        // started second, the shard-1 instance left the commands alone; the shard-0 one put them
        assertThat(discord.calls("PUT", "applications/\\d+/commands")).hasSize(1);

        String dm = discord.dm(discord.bob(), "just between us");
        String dmSlash = discord.slash(discord.bob(), discord.dmChannel(discord.bob()), "ask", Map.of("prompt", "dm"));
        String barrier = discord.post(
                discord.alice(), discord.secondGeneral(), discord.bot().mention() + " after the DMs");
        await().atMost(WAIT)
                .until(() -> first.sink.accepted.contains(dmSlash) && second.sink.accepted.contains(barrier));
        assertThat(first.sink.accepted).containsExactly(dm, dmSlash);
        assertThat(second.sink.accepted).containsExactly(barrier);
        awaitAnsweredOnce(discord.dmChannel(discord.bob()), List.of(dm));
        await().atMost(WAIT)
                .until(() -> discord.interactionResponse(dmSlash)
                        .filter(ANSWER::equals)
                        .isPresent());
        assertThat(discord.calls("POST", "interactions/" + dmSlash + "/.*")).hasSize(1);
        awaitAnsweredOnce(discord.secondGeneral(), List.of(barrier));
    }

    @Test
    void withoutShardsOneInstanceRunsEveryShardDiscordRecommends() {
        // the shard count comes from GET /gateway/bot, the gateway URL from bots.yml: an unreachable one there
        // must not matter
        discord.advertiseGateway("ws://127.0.0.1:9/");
        Instance only = start(null, TestDatabases.freshPostgres());
        assertThat(discord.calls("GET", "gateway/bot")).isNotEmpty();
        assertThat(discord.identifiedShards()).containsExactlyInAnyOrder(List.of(0, 2), List.of(1, 2));
        assertThat(only.adapter.connected()).isTrue();
        assertThat(discord.calls("PUT", "applications/\\d+/commands")).hasSize(1);

        String inFirst =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " one");
        String inSecond = discord.post(
                discord.bob(), discord.secondGeneral(), discord.bot().mention() + " two");
        String dm = discord.dm(discord.alice(), "three");
        awaitAnsweredOnce(discord.general(), List.of(inFirst));
        awaitAnsweredOnce(discord.secondGeneral(), List.of(inSecond));
        awaitAnsweredOnce(discord.dmChannel(discord.alice()), List.of(dm));
        assertThat(only.sink.accepted).containsExactlyInAnyOrder(inFirst, inSecond, dm);

        only.adapter.stop();
        assertThat(only.adapter.connected()).isFalse();
    }

    @Test
    void shardsInOneStartBucketIdentifyFiveSecondsApart() {
        discord.maxConcurrency(1);
        Instance only = start(null, TestDatabases.freshPostgres());
        assertThat(only.adapter.connected()).isTrue();
        assertThat(discord.identifiedShards()).containsExactly(List.of(0, 2), List.of(1, 2));
        List<Long> at = discord.identifiedNanos();
        // max_concurrency 1: one bucket, one IDENTIFY per 5 s, or Discord invalidates the session
        assertThat(Duration.ofNanos(at.get(1) - at.get(0))).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anotherTotalThanTheRunningInstancesIsRefusedWithWhatToChange() {
        String database = TestDatabases.freshPostgres();
        start(new BotSettings.ShardSettings(2, List.of(0)), database);
        Instance wrong = instance(new BotSettings.ShardSettings(3, List.of(1)), database, Duration.ofSeconds(20));
        assertThatThrownBy(wrong::start)
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("refused shard 1 of 3 of bot helper (close code 4010, invalid shard)")
                .hasMessageContaining("every instance must name the same discord.shards.total");
        assertThat(wrong.adapter.connected()).isFalse();
    }

    @Test
    void startWaitsForEveryShardOfTheInstance() {
        discord.withholdReady(1);
        Instance stalled = instance(null, TestDatabases.freshPostgres(), Duration.ofSeconds(3));
        assertThatThrownBy(stalled::start)
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("did not become ready within 3 s for bot helper")
                .hasMessageContaining("shards ready: [0] of [0, 1]");
        assertThat(stalled.adapter.connected()).isFalse();
        // nothing was registered by a start that failed
        assertThat(discord.calls("PUT", "applications/\\d+/commands")).isEmpty();
    }

    @Test
    void aBadTokenWithShardsFailsAtTheFirstCallWithoutRevealingIt() {
        BotSettings good = DiscordTestBots.bot(discord, new BotSettings.ShardSettings(2, List.of(1)));
        BotSettings wrongToken = TestSettings.bot(good)
                .discord(new BotSettings.DiscordSettings(
                        new Secret("wrong-secret-token"),
                        discord.apiUrl(),
                        discord.gatewayUrl(),
                        false,
                        null,
                        null,
                        good.discord().shards()))
                .build();
        Instance instance = new Instance(wrongToken, TestDatabases.freshPostgres(), Duration.ofSeconds(20));
        instances.add(instance);
        assertThatThrownBy(instance::start)
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("rejected the token of bot helper")
                .hasMessageNotContaining("wrong-secret-token");
        // with a total given, the shard manager still asks GET /gateway/bot first (for the start limit)
        assertThat(discord.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.is("GET", "gateway/bot")).isTrue())
                .satisfies(c -> assertThat(c.status()).isEqualTo(401));
        assertThat(discord.identifiedShards()).isEmpty();
    }

    /** Each question got exactly one reply from the bot, and it says the whole answer. */
    private void awaitAnsweredOnce(String channel, List<String> questions) {
        for (String question : questions) {
            await().atMost(WAIT)
                    .until(() -> replies(channel, question).stream()
                            .anyMatch(id ->
                                    discord.text(id).filter(ANSWER::equals).isPresent()));
            assertThat(replies(channel, question)).as("replies to %s", question).hasSize(1);
        }
    }

    private List<String> replies(String channel, String question) {
        return discord.botMessages(channel).stream()
                .filter(id -> discord.repliesTo(id).filter(question::equals).isPresent())
                .toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private Instance start(BotSettings.ShardSettings shards, String database) {
        Instance instance = instance(shards, database, Duration.ofSeconds(30));
        instance.start();
        return instance;
    }

    private Instance instance(BotSettings.ShardSettings shards, String database, Duration readyTimeout) {
        Instance instance = new Instance(DiscordTestBots.bot(discord, shards), database, readyTimeout);
        instances.add(instance);
        return instance;
    }

    /** One bridge instance: its own database pool, Coze client, conversation core and Discord adapter. */
    private static final java.util.concurrent.atomic.AtomicInteger OWNERS =
            new java.util.concurrent.atomic.AtomicInteger();

    private final class Instance {
        final Database database;
        final CozeClient client;
        final ConversationService service;
        final DiscordAdapter adapter;
        final CountingSink sink;

        Instance(BotSettings bot, String url, Duration readyTimeout) {
            database = Database.open(new DatabaseSettings(url, "postgres", null));
            client = CozeClient.create(
                    TestSettings.coze(coze).totalTimeout(Duration.ofSeconds(60)).build());
            // instances sharing one database need lease owners of their own
            service = new ConversationService(
                    new JdbcHistoryStore(new Jdbc(database.dataSource())),
                    null,
                    Map.of(bot.name(), new BotRuntime(bot, client)),
                    Clock.systemUTC(),
                    BridgeMetrics.NOOP,
                    dev.cozebridge.conversation.Sleeper.SYSTEM,
                    new ConversationService.QueueOptions(
                            "instance-" + OWNERS.incrementAndGet(), Duration.ofSeconds(30), Duration.ofMillis(200)));
            adapter = new DiscordAdapter(
                    bot,
                    Clock.systemUTC(),
                    BridgeMetrics.NOOP,
                    new StartupBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), readyTimeout));
            service.register(adapter);
            sink = new CountingSink(service);
        }

        void start() {
            adapter.start(sink);
        }

        void close() {
            adapter.stop();
            service.shutdown(Duration.ofSeconds(5));
            database.close();
            client.close();
        }
    }

    /** The core, recording the id of every message and command the adapter hands over. */
    private static final class CountingSink extends ForwardingSink {
        final List<String> accepted = new CopyOnWriteArrayList<>();

        CountingSink(InboundSink core) {
            super(core);
        }

        @Override
        public Acceptance accept(InboundMessage message) {
            accepted.add(message.platformMessageId());
            return super.accept(message);
        }
    }
}
