package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriteLimiterTest {

    private static final Duration WINDOW = Duration.ofMillis(300);

    @Test
    void aWriteStartsOnlyAWindowAfterTheOldestFinishedOne() throws Exception {
        WriteLimiter limiter = new WriteLimiter(2, WINDOW, System::nanoTime);
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
        WriteLimiter limiter = new WriteLimiter(1, WINDOW, System::nanoTime);
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
        WriteLimiter limiter = new WriteLimiter(5, WINDOW, System::nanoTime);
        long paused = System.nanoTime();
        limiter.pause(Duration.ofMillis(400));
        limiter.acquire().close();
        assertThat(System.nanoTime() - paused)
                .isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(limiter.idle()).isFalse();
    }

    @Test
    void independentChatsDoNotWaitForEachOther() throws Exception {
        TelegramPacing pacing = new TelegramPacing(
                new TelegramTuning(
                        Duration.ofSeconds(1),
                        new TelegramTuning.Pace(1, Duration.ofSeconds(30)),
                        new TelegramTuning.Pace(1, Duration.ofSeconds(30)),
                        new TelegramTuning.Pace(10, Duration.ofSeconds(30)),
                        TelegramTestSetup.STARTUP),
                System::nanoTime);
        long start = System.nanoTime();
        pacing.acquire(1).close();
        pacing.acquire(2).close();
        pacing.acquire(-3).close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
