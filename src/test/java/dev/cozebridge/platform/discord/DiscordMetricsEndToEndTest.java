package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakeDiscordSettings;
import dev.cozebridge.fakes.discord.RestCall;
import dev.cozebridge.metrics.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    private DiscordBridge bridge;
    private FakeDiscord discord;
    private FakeCoze coze;

    @BeforeEach
    void start() {
        bridge = DiscordBridge.in(dir)
                .discord(FakeDiscordSettings.defaults())
                .cozeClient(coze -> coze)
                .metrics(metrics)
                .withoutRecovery()
                .start();
        discord = bridge.discord;
        coze = bridge.coze;
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void aStreamedAnswerAndANoticeAreEachCountedOnce() {
        String answer = "Counted once: one message, then edits until it is complete.";
        coze.enqueue(Script.answer(answer).deltas(6).pace(Duration.ofMillis(100)));
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " count me");
        String reply = bridge.awaitReply(discord.general(), question, answer::equals);
        // a bare mention gets the core's one-off hint, outside any streamed reply
        String bare =
                discord.post(discord.bob(), discord.general(), discord.bot().mention());
        String hint = Catalog.of(BotLocale.EN).get(Text.NOTICE_EMPTY_QUESTION);
        bridge.awaitReply(discord.general(), bare, text -> text.contains(hint));

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
