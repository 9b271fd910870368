package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakeDiscordSettings;
import dev.cozebridge.fakes.discord.RestCall;
import dev.cozebridge.platform.StartupBackoff;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Discord's global limit shared between channels streaming at once: the real JDA against the fake Discord, whose
 * global limit is the only one that binds (its per-channel buckets are wide), and the adapter with a share of
 * it. Each channel's writer edits its reply as fast as the adapter lets it, as a streamer with no interval
 * would; the budget makes them take turns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordGlobalBudgetEndToEndTest {
    private static final int CHANNELS = 6;
    /** 30 writes per second: a fair share of 5 per second, a turn for each channel every 200 ms. */
    private static final int GLOBAL = 12;
    /**
     * What the fake allows: exactly the budget. Every request the global limit counts goes through it, the start's
     * gateway/bot, users/@me and command registration included, so even a connect burst followed at once by six
     * channels' first writes stays within one window's share (counting only the writes drew a global 429 here).
     */
    private static final int DISCORD_GLOBAL = GLOBAL;

    private static final Duration WINDOW = Duration.ofMillis(400);
    /** Edits to count before stopping: 40 per channel when shared fairly, about 8 s. */
    private static final int EDITS = 40 * CHANNELS;

    private FakeDiscord discord;
    private DiscordAdapter adapter;
    private final RecordingSink sink = new RecordingSink();

    @BeforeAll
    void start() {
        discord = FakeDiscord.start(FakeDiscordSettings.defaults()
                .withBucket(1_000, Duration.ofSeconds(1))
                .withGlobal(DISCORD_GLOBAL, WINDOW));
        adapter = new DiscordAdapter(
                DiscordTestBots.bot(discord, false),
                Clock.systemUTC(),
                BridgeMetrics.NOOP,
                StartupBackoff.DEFAULT,
                new DiscordWriteBudget.Pace(GLOBAL, WINDOW));
        adapter.start(sink);
    }

    @AfterAll
    void stop() {
        adapter.stop();
        discord.close();
    }

    @Test
    void channelsStreamingAtOnceShareTheGlobalLimitEvenly() throws InterruptedException {
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            String channel = discord.addChannel("stream-" + i);
            channels.add(channel);
            discord.post(discord.alice(), channel, discord.bot().mention() + " go " + i);
        }
        // each mention arrives after its channel's CHANNEL_CREATE: JDA knows every channel now
        await().until(() -> sink.accepted.size() == CHANNELS);
        Map<String, ReplyTarget> targets = new ConcurrentHashMap<>();
        sink.accepted.forEach(m -> targets.put(m.replyTarget().channelId(), m.replyTarget()));

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        for (String channel : channels) {
            writers.add(Thread.ofVirtual().name("stream " + channel).start(() -> {
                try {
                    go.await();
                    MessageRef reply = adapter.send(targets.get(channel), "▌");
                    for (int n = 1; !stop.get(); n++) {
                        adapter.edit(reply, "chunk " + n + " ▌");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failures.put(channel, e);
                }
            }));
        }
        go.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> edits(channels) >= EDITS);
        stop.set(true);
        for (Thread writer : writers) {
            writer.join(Duration.ofSeconds(20));
        }

        assertThat(failures).isEmpty();
        assertThat(discord.rateLimitsServed()).as("429s served: %s", limited()).isZero();
        int total = edits(channels);
        double fairShare = (double) total / CHANNELS;
        for (String channel : channels) {
            assertThat(discord.calls("PATCH", "channels/" + channel + "/messages/\\d+")
                            .size())
                    .as("edits in %s of %d in all", channel, total)
                    .isGreaterThanOrEqualTo((int) Math.floor(0.9 * fairShare));
        }
    }

    /** Each 429 the fake served with the requests of the window before it, to say what crowded it. */
    private String limited() {
        List<RestCall> calls = discord.calls();
        StringBuilder out = new StringBuilder();
        for (RestCall limited : calls) {
            if (limited.status() != 429) {
                continue;
            }
            out.append("\n429 ")
                    .append(limited.method())
                    .append(' ')
                    .append(limited.path())
                    .append(" after:");
            calls.stream()
                    .filter(c -> !c.at().isAfter(limited.at())
                            && c.at().isAfter(limited.at().minus(WINDOW)))
                    .forEach(c -> out.append("\n  ")
                            .append(c.at())
                            .append(' ')
                            .append(c.method())
                            .append(' ')
                            .append(c.path())
                            .append(' ')
                            .append(c.status()));
        }
        return out.toString();
    }

    private int edits(List<String> channels) {
        return channels.stream()
                .mapToInt(c -> discord.calls("PATCH", "channels/" + c + "/messages/\\d+")
                        .size())
                .sum();
    }
}
