package dev.cozebridge.platform;

import java.time.Duration;

/**
 * How an adapter retries its first connection while starting: delays doubling from {@code firstDelay} up to
 * {@code maxDelay}, and no more attempts once {@code readyTimeout} has passed since the start. Each failed attempt
 * is one log line, never a stack trace.
 */
public record StartupBackoff(Duration firstDelay, Duration maxDelay, Duration readyTimeout) {
    public static final StartupBackoff DEFAULT =
            new StartupBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    public StartupBackoff {
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("backoff delays must be positive and first <= max");
        }
    }

    /** The wait after the {@code attempt}-th failure (1-based). */
    public Duration delayAfter(int attempt) {
        Duration delay = firstDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /**
     * The wait in nanoseconds after the {@code attempt}-th failure when the ready timeout ends at {@code
     * deadlineNanos}: the backoff delay cut to the time left, so the last attempt falls on the deadline and the
     * failure that names the ready timeout comes no earlier than it; negative once the deadline has passed.
     */
    public long waitNanos(int attempt, long nowNanos, long deadlineNanos) {
        long left = deadlineNanos - nowNanos;
        return left <= 0 ? -1 : Math.min(delayAfter(attempt).toNanos(), left);
    }
}
