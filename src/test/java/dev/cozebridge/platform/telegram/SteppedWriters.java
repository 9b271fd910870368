package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntToLongFunction;

/**
 * Concurrent writers (one virtual thread per reply, each writing again as soon as it may, as a streaming reply
 * does) through one {@link TelegramPacing} whose time is a {@link ManualClock}: the clock moves only when every
 * writer is parked and none may start, and then exactly to the next moment one may. So the run is the same on an
 * idle and on a loaded machine, and simulated minutes take seconds.
 */
final class SteppedWriters implements AutoCloseable {

    /** One write: which reply, into which chat, at which simulated nanosecond. */
    record Write(int writer, long chat, long at) {}

    private final ManualClock clock = new ManualClock(Instant.EPOCH);
    private final TelegramPacing pacing;
    private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    SteppedWriters(TelegramTuning tuning) {
        this.pacing = new TelegramPacing(tuning, this::now);
    }

    long now() {
        Instant at = clock.instant();
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** Starts {@code count} writers; writer {@code i} writes into chat {@code chatOf(i)}. */
    void start(int count, IntToLongFunction chatOf) {
        for (int i = 0; i < count; i++) {
            int writer = i;
            long chat = chatOf.applyAsLong(i);
            threads.add(Thread.ofVirtual().name("writer-" + i).start(() -> {
                try {
                    while (true) {
                        try (WriteLimiter.Permit ignored = pacing.acquire(chat)) {
                            writes.add(new Write(writer, chat, now()));
                        }
                    }
                } catch (InterruptedException stopped) {
                    // the run is over
                }
            }));
        }
    }

    /** Lets the writers write for {@code simulated} time. */
    void runFor(Duration simulated) {
        long end = now() + simulated.toNanos();
        while (true) {
            // everyone parked, and nobody may start at this instant: seen at one moment, so nobody was between
            // lines, or granted and not yet recorded, while the limiters were read one after another
            long[] next = new long[1];
            await().pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1))
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        long before = pacing.changes();
                        boolean parked = pacing.waiting() == threads.size();
                        next[0] = pacing.nextStart();
                        return parked && next[0] > now() && pacing.changes() == before;
                    });
            assertThat(next[0]).as("some writer can start by time alone").isNotEqualTo(Long.MAX_VALUE);
            if (next[0] >= end) {
                return;
            }
            clock.advance(Duration.ofNanos(next[0] - now()));
            pacing.timeMoved();
        }
    }

    /** Each writer's write times, in order. */
    Map<Integer, List<Long>> byWriter() {
        Map<Integer, List<Long>> by = new TreeMap<>();
        for (Write w : writes) {
            by.computeIfAbsent(w.writer(), k -> new ArrayList<>()).add(w.at());
        }
        by.values().forEach(times -> times.sort(null));
        return by;
    }

    /** Each chat's write times, in order. */
    Map<Long, List<Long>> byChat() {
        Map<Long, List<Long>> by = new TreeMap<>();
        for (Write w : writes) {
            by.computeIfAbsent(w.chat(), k -> new ArrayList<>()).add(w.at());
        }
        by.values().forEach(times -> times.sort(null));
        return by;
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
    }
}
