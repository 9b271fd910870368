package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.conversation.BotRuntime;
import dev.cozebridge.conversation.ConversationService;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.RestCall;
import dev.cozebridge.metrics.MicrometerMetrics;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /metrics} shows after a known exchange, with the real parts as the application wires them: one
 * {@link MicrometerMetrics} shared by the core and the adapter, the real JDA against the fake Discord. Every
 * write Discord received is counted exactly once, by the core that asked for it.
 */
class DiscordMetricsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerMetrics metrics = new MicrometerMetrics(registry);
    private FakeDiscord discord;
    private FakeCoze coze;
    private CozeClient client;
    private Database database;
    private ConversationService service;
    private DiscordAdapter adapter;

    @BeforeEach
    void start() {
        discord = FakeDiscord.start();
        coze = FakeCoze.start();
        client = CozeClient.create(TestSettings.coze(coze).build());
        database = Database.open("jdbc:h2:file:" + dir.resolve("bridge"));
        BotSettings bot = DiscordTestBots.bot(discord, false);
        service = new ConversationService(
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Map.of(bot.name(), new BotRuntime(bot, client)),
                Clock.systemUTC(),
                metrics);
        adapter = new DiscordAdapter(bot, Clock.systemUTC(), metrics);
        service.register(adapter);
        adapter.start(service);
    }

    @AfterEach
    void stop() {
        service.shutdown(Duration.ofSeconds(5));
        adapter.stop();
        database.close();
        client.close();
        coze.close();
        discord.close();
    }

    @Test
    void aStreamedAnswerAndANoticeAreEachCountedOnce() {
        String answer = "Counted once: one message, then edits until it is complete.";
        coze.enqueue(Script.answer(answer).deltas(6).pace(Duration.ofMillis(100)));
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " count me");
        String reply = awaitReplyTo(question, answer::equals);
        // a bare mention gets the core's one-off hint, outside any streamed reply
        String bare =
                discord.post(discord.bob(), discord.general(), discord.bot().mention());
        String hint = Catalog.of(BotLocale.EN).get(Text.NOTICE_EMPTY_QUESTION);
        awaitReplyTo(bare, text -> text.contains(hint));

        List<RestCall> posts = writes("POST", "channels/" + discord.general() + "/messages");
        List<RestCall> edits = writes("PATCH", "channels/" + discord.general() + "/messages/" + reply);
        assertThat(posts).as("the answer and the hint").hasSize(2);
        assertThat(edits).as("the answer grew in place").isNotEmpty();
        assertThat(discord.calls("PATCH", "channels/\\d+/messages/\\d+"))
                .as("nothing else was edited")
                .hasSameSizeAs(edits);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(writes("send")).isEqualTo(2.0);
            assertThat(writes("edit")).isEqualTo(edits.size());
        });
        assertThat(metrics.scrape())
                .contains("coze_bridge_platform_writes_total{operation=\"send\",platform=\"discord\"} 2.0")
                .contains("coze_bridge_platform_writes_total{operation=\"edit\",platform=\"discord\"} "
                        + (double) edits.size())
                .contains("coze_bridge_replies_total{bot=\"helper\",platform=\"discord\",status=\"complete\"} 1.0")
                .doesNotContain("operation=\"draft\"");
    }

    @Test
    void aSlashCommandAnsweredThroughItsInteractionIsCountedOnceToo() {
        String help = discord.slash(discord.alice(), discord.general(), "help", Map.of());
        await().atMost(WAIT).until(() -> discord.interactionResponse(help).isPresent());
        await().atMost(WAIT).untilAsserted(() -> assertThat(writes("send")).isEqualTo(1.0));
        assertThat(writes("edit")).isZero();
    }

    /** The bot's message answering {@code question}, once its text passes {@code done}. */
    private String awaitReplyTo(String question, Predicate<String> done) {
        await().atMost(WAIT)
                .until(() ->
                        replyTo(question).flatMap(discord::text).filter(done).isPresent());
        return replyTo(question).orElseThrow();
    }

    private Optional<String> replyTo(String question) {
        return discord.botMessages(discord.general()).stream()
                .filter(id -> discord.repliesTo(id).filter(question::equals).isPresent())
                .findFirst();
    }

    /** The successful requests of this kind Discord received. */
    private List<RestCall> writes(String method, String path) {
        return discord.calls(method, path).stream()
                .filter(c -> c.status() == 200)
                .toList();
    }

    private double writes(String operation) {
        Counter counter = registry.find("coze.bridge.platform.writes")
                .tag("platform", "discord")
                .tag("operation", operation)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
