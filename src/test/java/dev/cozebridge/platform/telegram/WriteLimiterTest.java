package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteLimiterTest {

    private static final Duration WINDOW = Duration.ofMillis(300);

    @Test
    void aWriteStartsOnlyAWindowAfterTheOldestFinishedOne() throws Exception {
        WriteLimiter limiter = WriteLimiter.window(2, WINDOW, System::nanoTime);
        WriteLimiter.Permit first = limiter.acquire();
        long beforeFirstFinished = System.nanoTime();
        first.close();
        limiter.acquire().close();
        limiter.acquire().close();
        long thirdStarted = System.nanoTime();
        assertThat(thirdStarted - beforeFirstFinished).isGreaterThanOrEqualTo(WINDOW.toNanos());
    }

    @Test
    void slotsAreHeldWhileInFlight() throws Exception {
        WriteLimiter limiter = WriteLimiter.window(1, WINDOW, System::nanoTime);
        WriteLimiter.Permit slow = limiter.acquire();
        CompletableFuture<Long> next = CompletableFuture.supplyAsync(() -> {
            try {
                limiter.acquire().close();
                return System.nanoTime();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // However long the first write takes, the second cannot start while it is in flight ...
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> !next.isDone());
        long beforeRelease = System.nanoTime();
        slow.close();
        // ... nor before a whole window after it finished.
        assertThat(next.get(5, TimeUnit.SECONDS) - beforeRelease).isGreaterThanOrEqualTo(WINDOW.toNanos());
    }

    @Test
    void pauseHoldsWritesForRetryAfter() throws Exception {
        WriteLimiter limiter = WriteLimiter.window(5, WINDOW, System::nanoTime);
        long paused = System.nanoTime();
        limiter.pause(Duration.ofMillis(400));
        limiter.acquire().close();
        assertThat(System.nanoTime() - paused)
                .isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(limiter.idle()).isFalse();
    }

    @Test
    void independentChatsDoNotWaitForEachOther() {
        // time stands still: a write that had to wait for another chat's window would never start
        TelegramPacing pacing = new TelegramPacing(
                new TelegramTuning(
                        Duration.ofSeconds(1),
                        new TelegramTuning.Pace(1, Duration.ofSeconds(30)),
                        new TelegramTuning.Pace(1, Duration.ofSeconds(30)),
                        new TelegramTuning.Pace(10, Duration.ofSeconds(30)),
                        TelegramTestSetup.STARTUP),
                () -> 0L);
        AtomicInteger written = new AtomicInteger();
        Thread writes = Thread.ofVirtual().start(() -> {
            try {
                for (long chat : new long[] {1, 2, -3}) {
                    pacing.acquire(chat).close();
                    written.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> written.get() == 3);
        } finally {
            writes.interrupt();
        }
        // while the first chat, written to once, has to wait for its window
        AtomicInteger again = new AtomicInteger();
        Thread blocked = Thread.ofVirtual().start(() -> {
            try {
                pacing.acquire(1).close();
                again.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> again.get() == 0);
        } finally {
            blocked.interrupt();
        }
    }
}
