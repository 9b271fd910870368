package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.config.BotSettings.AccessSettings;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.fakes.RecordingPlatform.Call;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.platform.InboundSink.Acceptance;
import dev.cozebridge.platform.PlatformLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine benchmarks, excluded from the normal build by their tag. Run them on a 256 MB heap with
 * <pre>
 * _JAVA_OPTIONS=-Xmx256m ./mvnw -B test -Dtest=EngineBenchmark -Dgroups=benchmark -DexcludedGroups= \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * ({@code -DargLine} does not work while the pom sets surefire's argLine explicitly; {@code _JAVA_OPTIONS} is read
 * by the forked JVM after its command line, and the result line prints the max heap it got), or without Maven:
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -Xmx256m -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *     dev.cozebridge.conversation.EngineBenchmark
 * </pre>
 */
@Tag("benchmark")
class EngineBenchmark {

    @TempDir
    Path dir;

    public static void main(String[] args) throws Exception {
        EngineBenchmark benchmark = new EngineBenchmark();
        benchmark.relayOverhead();
        Path dir = Files.createTempDirectory("engine-benchmark");
        try {
            benchmark.dir = dir;
            benchmark.thousandConcurrentReplies();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    /** From a delta handed to the streamer to the platform call that shows it, with no pacing at all. */
    @Test
    void relayOverhead() throws Exception {
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
                "relay overhead: %d samples, p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                measured.length,
                millis(percentile(measured, 0.50)),
                millis(percentile(measured, 0.99)),
                millis(measured[measured.length - 1]));
        assertThat(measured.length).isPositive();
    }

    /** 1,000 conversations streaming at once through FakeCoze, CozeClient, H2 and the paced recording platform. */
    @Test
    void thousandConcurrentReplies() throws Exception {
        int conversations = 1000;
        Duration replyInterval = Duration.ofMillis(100);
        Duration channelInterval = Duration.ofMillis(60);
        // generous Coze timeouts: on a shared 2-core machine a thousand streams can queue for CPU
        try (EngineFixture f = new EngineFixture(dir, Duration.ofSeconds(120))) {
            f.access = new AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 0, 5);
            f.limits = new PlatformLimits(2000, replyInterval, channelInterval, null);
            f.start();
            StringBuilder words = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                words.append("token").append(i).append(' ');
            }
            String answer = words.toString().strip();
            f.coze.defaultScript(chat -> Script.answer(answer).deltas(30).pace(Duration.ofMillis(20)));

            long start = System.nanoTime();
            List<ConversationKey> keys = new ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                String scope = "chan-" + i;
                keys.add(EngineFixture.key(scope));
                assertThat(f.service.accept(f.message(scope, EngineFixture.ALICE, "question " + i)))
                        .isEqualTo(Acceptance.QUEUED);
            }
            for (ConversationKey key : keys) {
                assertThat(f.service.awaitIdle(key, Duration.ofMinutes(5))).isTrue();
            }
            long elapsed = System.nanoTime() - start;
            Runtime runtime = Runtime.getRuntime();
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed())
                    .sum();

            List<Call> writes = f.platform.writes();
            Map<String, List<Call>> perChannel = writes.stream().collect(Collectors.groupingBy(Call::channelId));
            int violations = 0;
            int complete = 0;
            for (int i = 0; i < conversations; i++) {
                String channel = "chan-" + i;
                List<Call> inChannel = perChannel.getOrDefault(channel, List.of());
                violations += gapsBelow(inChannel, channelInterval);
                Map<String, List<Call>> perMessage = inChannel.stream().collect(Collectors.groupingBy(Call::messageId));
                for (List<Call> message : perMessage.values()) {
                    violations += gapsBelow(message, replyInterval);
                }
                if (f.platform.messages(channel).equals(List.of(answer))) {
                    complete++;
                }
            }
            System.out.printf(
                    "1000 concurrent replies: %d complete, %d interval violations, %d writes (%.1f per"
                            + " reply), %d Coze chats, %.1f s, peak heap %d MB of max %d MB%n",
                    complete,
                    violations,
                    writes.size(),
                    writes.size() / (double) conversations,
                    f.coze.chats().size(),
                    elapsed / 1e9,
                    peakHeap >> 20,
                    runtime.maxMemory() >> 20);
            assertThat(complete).isEqualTo(conversations);
            assertThat(violations).isZero();
        }
    }

    private static int gapsBelow(List<Call> calls, Duration gap) {
        int below = 0;
        for (int i = 1; i < calls.size(); i++) {
            if (Duration.between(calls.get(i - 1).at(), calls.get(i).at()).compareTo(gap) < 0) {
                below++;
            }
        }
        return below;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
