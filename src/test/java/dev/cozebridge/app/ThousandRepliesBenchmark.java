package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.app.BenchmarkBridge.Shape;
import dev.cozebridge.app.BenchmarkBridge.Side;
import dev.cozebridge.app.BenchmarkBridge.Target;
import dev.cozebridge.app.BenchmarkBridge.Write;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 replies streaming at once through the real application into 1,000 Telegram private chats at Telegram's
 * real limits (1 write/s per chat, 30/s overall), each a ~20 s Coze stream: heap after a full GC while all of them
 * stream and after they are done, and the process's CPU time per reply. Everything runs in this one JVM, so both
 * numbers include the fakes (FakeCoze writing 1,000 streams, FakeTelegram parsing every call) and H2. Run with a
 * 256 MB heap:
 * <pre>
 * ./mvnw -B test -Dtest=ThousandRepliesBenchmark -Dgroups=benchmark -DexcludedGroups= -Dsurefire.heap=-Xmx256m \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("benchmark")
class ThousandRepliesBenchmark {

    private static final int REPLIES = 1000;

    @TempDir
    Path dir;

    @Test
    void thousandConcurrentTelegramReplies() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (BenchmarkBridge bridge = new BenchmarkBridge(dir, 0)) {
            Side side = bridge.telegramSide;
            // warm-up, not measured: classes loaded, JIT at work, pools filled
            bridge.runRound(side, side.open(10, "warm"), Duration.ofMinutes(1));
            long idleHeap = heapAfterGc(memory);

            bridge.shape = new Shape(20, Duration.ofSeconds(1), List.of());
            List<Target> targets = side.open(REPLIES, "k");
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (Target target : targets) {
                side.ask(target);
            }
            int[] peakStreams = {0};
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        peakStreams[0] = Math.max(peakStreams[0], bridge.coze.openStreams());
                        return peakStreams[0] >= REPLIES;
                    });
            long streamingHeap = heapAfterGc(memory);
            int streamingAtGc = bridge.coze.openStreams();
            Shape shape = bridge.shape;
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> targets.stream().allMatch(t -> side.shows(t, shape.answer(t.tag()))));
            long elapsed = System.nanoTime() - start;
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long doneHeap = heapAfterGc(memory);

            Map<String, List<Write>> writes = side.writes();
            List<Long> accepted = new ArrayList<>();
            int count = 0;
            for (Target target : targets) {
                for (Write write : writes.get(target.id())) {
                    if (write.accepted()) {
                        accepted.add(write.receivedNanos());
                        count++;
                    }
                }
            }
            int peak = BenchmarkBridge.busiestSecond(accepted);
            System.out.println();
            System.out.println("1,000 concurrent replies, Telegram private chats at real limits, ~20 s streams");
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %s%n%-44s %d / %d%n%-44s %d / %d / %d MB (max heap %d MB)%n"
                            + "%-44s %.1f ms (%.1f CPU-s in all, %d cores)%n%-44s %.1f s%n"
                            + "%-44s %d (%.1f per reply), busiest second %d%n%-44s %d / %d%n",
                    "replies complete",
                    "all " + REPLIES,
                    "Coze streams open at once: peak / at the GC",
                    peakStreams[0],
                    streamingAtGc,
                    "heap after GC: idle / all streaming / done",
                    idleHeap >> 20,
                    streamingHeap >> 20,
                    doneHeap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20,
                    "process CPU per reply",
                    cpu / 1e6 / REPLIES,
                    cpu / 1e9,
                    Runtime.getRuntime().availableProcessors(),
                    "wall time, first question to last final text",
                    elapsed / 1e9,
                    "Telegram writes accepted",
                    count,
                    count / (double) REPLIES,
                    peak,
                    "429s served / calls refused",
                    side.served429(),
                    side.rejected());

            assertThat(side.served429()).as("429s served").isZero();
            assertThat(side.rejected()).as("calls refused").isZero();
            assertThat(bridge.unfinishedStreams())
                    .as("Coze streams not read to their end")
                    .isEmpty();
            assertThat(peak).as("writes in the busiest second").isLessThanOrEqualTo(30);
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
