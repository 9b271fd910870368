package dev.cozebridge.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StartupBackoffTest {
    private static final StartupBackoff BACKOFF = StartupBackoff.DEFAULT;
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void delaysDoubleUpToTheMaximum() {
        assertThat(BACKOFF.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(BACKOFF.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(BACKOFF.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(BACKOFF.delayAfter(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(BACKOFF.delayAfter(60)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theLastWaitIsCutToTheDeadlineSoTheStartRetriesForTheWholeReadyTimeout() {
        long start = 1_000 * SECOND;
        long deadline = start + 60 * SECOND;
        // failures at 0, 1, 3, 7, 15, 31 s: the sixth wait (32 s) would pass the deadline, so it is cut to 29 s
        assertThat(BACKOFF.waitNanos(1, start, deadline)).isEqualTo(SECOND);
        assertThat(BACKOFF.waitNanos(6, start + 31 * SECOND, deadline)).isEqualTo(29 * SECOND);
        // the attempt on the deadline fails: no more waiting, the start fails naming the ready timeout
        assertThat(BACKOFF.waitNanos(7, deadline, deadline)).isNegative();
        assertThat(BACKOFF.waitNanos(7, deadline + 1, deadline)).isNegative();
    }

    @Test
    void delaysMustBePositiveAndOrdered() {
        assertThatThrownBy(() -> new StartupBackoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new StartupBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
