package dev.cozebridge.app;

import static dev.cozebridge.app.BenchmarkBridge.ms;
import static dev.cozebridge.app.BenchmarkBridge.percentile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.app.BenchmarkBridge.Shape;
import dev.cozebridge.app.BenchmarkBridge.Side;
import dev.cozebridge.app.BenchmarkBridge.Target;
import dev.cozebridge.app.BenchmarkBridge.Timing;
import dev.cozebridge.app.BenchmarkBridge.Write;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end benchmarks through the real application ({@link BenchmarkBridge}): bytes from FakeCoze's socket through
 * our OkHttp Coze client, the conversation core on H2 and the real adapters (TelegramBots, JDA) to the fake
 * platform's socket, at the platforms' real limits. Run on demand (README, Benchmarks):
 * <pre>
 * ./mvnw -B test -Dtest=EndToEndBenchmark -Dgroups=benchmark -DexcludedGroups= -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Each prints a table and fails when a reply is incomplete, a stream was cut, or a fake served a 429 or refused a
 * write.
 */
@Tag("benchmark")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndBenchmark {

    private static final int[] SIZES = {1, 10, 100};
    /** Samples per size for the relay overhead: rounds of {@code size} concurrent replies until at least this many. */
    private static final int RELAY_SAMPLES = 40;
    /** ~20 s streams: 80 answer deltas 250 ms apart, then two follow-ups and the end of the chat. */
    private static final Shape LONG_STREAM = new Shape(80, Duration.ofMillis(250), List.of("More?", "Why?"));

    @TempDir
    static Path dir;

    private BenchmarkBridge bridge;
    private final List<String> table = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        // relay: 5 to warm up, 40 + 5 × 10 + 100 channels; write rate: 1 + 10 + 100
        bridge = new BenchmarkBridge(dir, 5 + 40 + 50 + 100 + 111);
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @AfterEach
    void noLimitBrokenNoCallRefused() {
        table.forEach(System.out::println);
        table.clear();
        for (Side side : List.of(bridge.telegramSide, bridge.discordSide)) {
            assertThat(side.served429()).as("429s served by %s", side.name()).isZero();
            assertThat(side.rejected()).as("calls refused by %s", side.name()).isZero();
        }
        assertThat(bridge.unfinishedStreams())
                .as("Coze streams not read to their end")
                .isEmpty();
    }

    /** First answer delta written by FakeCoze → first sendMessage / POST message received by the platform fake. */
    @Test
    void relayOverhead() {
        bridge.shape = new Shape(5, Duration.ofMillis(20), List.of());
        table.add("");
        table.add("relay overhead: first delta byte out of FakeCoze -> first platform send into the fake (ms)");
        table.add(String.format(
                Locale.ROOT, "%-24s %9s %8s %8s %8s %8s", "platform", "replies", "samples", "p50", "p99", "max"));
        for (Side side : List.of(bridge.telegramSide, bridge.discordSide)) {
            // warm-up: the first replies of a JVM load classes and compile; not measured
            bridge.runRound(side, side.open(5, "warm"), Duration.ofMinutes(1));
            for (int size : SIZES) {
                List<Long> samples = new ArrayList<>();
                int rounds = Math.max(1, (RELAY_SAMPLES + size - 1) / size);
                for (int r = 0; r < rounds; r++) {
                    List<Target> targets = side.open(size, "r" + size + "x" + r);
                    bridge.runRound(side, targets, Duration.ofMinutes(2));
                    Map<String, List<Write>> writes = side.writes();
                    for (Target target : targets) {
                        Timing timing = bridge.timings.get(target.tag());
                        long firstSend = writes.get(target.id()).stream()
                                .filter(Write::send)
                                .findFirst()
                                .orElseThrow()
                                .receivedNanos();
                        assertThat(timing.firstDelta)
                                .as("first delta of %s", target)
                                .isPositive();
                        assertThat(firstSend)
                                .as("the first send of %s after its first delta", target)
                                .isGreaterThan(timing.firstDelta);
                        samples.add(firstSend - timing.firstDelta);
                    }
                }
                long[] sorted = BenchmarkBridge.sorted(samples);
                table.add(String.format(
                        Locale.ROOT,
                        "%-24s %9d %8d %8s %8s %8s",
                        side.name(),
                        size,
                        sorted.length,
                        ms(percentile(sorted, 0.50)),
                        ms(percentile(sorted, 0.99)),
                        ms(sorted[sorted.length - 1])));
            }
        }
    }

    /**
     * ~20 s streams in 1, 10 and 100 chats at once: each reply's accepted writes per second while its answer streams
     * (first delta to the answer's completion), against the platform's limit for one reply or the fair share of the
     * global budget; the busiest second across all chats; and the time from FakeCoze writing the answer's
     * {@code conversation.message.completed} to the platform receiving the final edit (the first write without the
     * streaming marker).
     */
    @Test
    void writeRateAndFinalEdit() {
        bridge.shape = LONG_STREAM;
        table.add("");
        table.add(
                "per-reply write rate while streaming (~20 s streams, real limits) and answer completed -> final edit");
        table.add(String.format(
                Locale.ROOT,
                "%-24s %6s %8s %8s %8s %8s %8s %8s %9s %9s %9s",
                "platform",
                "chats",
                "share/s",
                "min/s",
                "med/s",
                "min/sh",
                "med/sh",
                "peak/s",
                "final p50",
                "final max",
                "chat end"));
        List<String> overLimit = new ArrayList<>();
        for (Side side : List.of(bridge.telegramSide, bridge.telegramGroupSide, bridge.discordSide)) {
            for (int size : SIZES) {
                List<Target> targets = side.open(size, "w" + size);
                bridge.runRound(side, targets, Duration.ofMinutes(3));
                Map<String, List<Write>> writes = side.writes();
                double share = Math.min(side.perReplyLimit(), side.globalLimit() / size);
                double[] rates = new double[size];
                long[] finals = new long[size];
                long[] chatEnds = new long[size];
                List<Long> accepted = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    Target target = targets.get(i);
                    Timing timing = bridge.timings.get(target.tag());
                    List<Write> own = writes.get(target.id());
                    String answer = LONG_STREAM.answer(target.tag());
                    long during = own.stream()
                            .filter(Write::accepted)
                            .filter(w -> w.receivedNanos() >= timing.firstDelta
                                    && w.receivedNanos() <= timing.answerCompleted)
                            .count();
                    rates[i] = during / ((timing.answerCompleted - timing.firstDelta) / 1e9);
                    Write last = own.stream()
                            .filter(Write::accepted)
                            .filter(w -> w.text().equals(answer))
                            .findFirst()
                            .orElseThrow();
                    finals[i] = last.receivedNanos() - timing.answerCompleted;
                    chatEnds[i] = timing.chatCompleted - timing.answerCompleted;
                    own.stream().filter(Write::accepted).forEach(w -> accepted.add(w.receivedNanos()));
                }
                Arrays.sort(rates);
                Arrays.sort(finals);
                Arrays.sort(chatEnds);
                double min = rates[0];
                int peak = BenchmarkBridge.busiestSecond(accepted);
                if (peak > side.globalLimit()) {
                    overLimit.add(side.name() + " x" + size + ": " + peak + " writes in one second, limit "
                            + side.globalLimit());
                }
                double median = percentile(rates, 0.5);
                table.add(String.format(
                        Locale.ROOT,
                        "%-24s %6d %8.2f %8.2f %8.2f %8.2f %8.2f %8d %9s %9s %9s",
                        side.name(),
                        size,
                        share,
                        min,
                        median,
                        min / share,
                        median / share,
                        peak,
                        ms(percentile(finals, 0.5)),
                        ms(finals[size - 1]),
                        ms(percentile(chatEnds, 0.5))));
                assertThat(min)
                        .as("%s: every reply wrote while streaming", side.name())
                        .isPositive();
            }
        }
        table.add("share/s: min(per-reply limit, global limit / chats); min/sh, med/sh: the rate as a fraction of it;");
        table.add(
                "peak/s: most accepted writes in any 1 s across all chats; final: answer completed -> final edit (ms);");
        table.add("chat end: answer completed -> chat.completed as FakeCoze wrote them (ms), follow-ups in between.");
        // the fakes enforce per-chat and per-route limits with 429s, but FakeDiscord has no global 50/s bucket
        assertThat(overLimit).as("platform-wide limits exceeded").isEmpty();
    }
}
