package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.platform.PlatformLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A micro-benchmark of the reply streamer alone: text deltas handed to one {@link ReplyStreamer} in memory, pacing
 * off, a {@link RecordingPlatform} as the platform. No Coze stream is parsed, no platform formatting, no JDA or
 * TelegramBots call, no HTTP: it bounds the streamer's own cost per delta and nothing more. The bridge measured end
 * to end, socket to socket, is {@code dev.cozebridge.app.EndToEndBenchmark} and {@code ThousandRepliesBenchmark}.
 * Excluded from the normal build by its tag; run it with
 * <pre>
 * ./mvnw -B test -Dtest=StreamerMicroBenchmark -Dgroups=benchmark -DexcludedGroups= \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("benchmark")
class StreamerMicroBenchmark {

    /** From a delta handed to the streamer to the in-memory platform call that shows it, with no pacing at all. */
    @Test
    void deltaToInMemoryPlatformCall() throws Exception {
        Clock clock = Clock.systemUTC();
        RecordingPlatform platform = new RecordingPlatform(
                "bench", "bench", new PlatformLimits(2000, Duration.ZERO, Duration.ZERO, null), clock);
        int replies = 60;
        int deltasPerReply = 250;
        int warmup = 3_000;
        long[] samples = new long[replies * deltasPerReply];
        int n = 0;
        for (int r = 0; r < replies; r++) {
            ReplyStreamer streamer = new ReplyStreamer(
                    platform,
                    ReplyTarget.channel("b" + r),
                    new ChannelPacer(Duration.ZERO, clock, Sleeper.SYSTEM),
                    clock,
                    Sleeper.SYSTEM,
                    BridgeMetrics.NOOP,
                    ReplyStreamer.Progress.NONE,
                    Catalog.of(BotLocale.EN),
                    r + 1,
                    "bench " + r);
            CompletableFuture<ReplyStreamer.Result> done = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    done.complete(streamer.run());
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
            for (int d = 0; d < deltasPerReply; d++) {
                int before = platform.acceptedWrites();
                long sent = System.nanoTime();
                streamer.accept(new AgentEvent.TextDelta("m", "w" + d + " "));
                while (platform.acceptedWrites() == before) {
                    Thread.onSpinWait();
                }
                samples[n++] = platform.lastWriteNanos() - sent;
            }
            streamer.accept(new AgentEvent.Finished());
            done.get(10, TimeUnit.SECONDS);
        }
        long[] measured = Arrays.copyOfRange(samples, warmup, n);
        Arrays.sort(measured);
        System.out.printf(
                "streamer only, delta -> in-memory platform call: %d samples, p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                measured.length,
                millis(percentile(measured, 0.50)),
                millis(percentile(measured, 0.99)),
                millis(measured[measured.length - 1]));
        assertThat(measured.length).isPositive();
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
