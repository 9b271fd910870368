package dev.cozebridge.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits on behalf of the reply engine (pacing gaps, platform "retry after"). Tests supply one that moves a
 * controllable clock instead of blocking; production blocks the calling virtual thread.
 */
@FunctionalInterface
public interface Sleeper {

    /** Returns after {@code duration}; rethrows an interrupt. */
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps until {@code clock} reads {@code instant} or later. */
    default void sleepUntil(Clock clock, Instant instant) throws InterruptedException {
        Duration left = Duration.between(clock.instant(), instant);
        while (left.isPositive()) {
            sleep(left);
            left = Duration.between(clock.instant(), instant);
        }
    }

    Sleeper SYSTEM = duration -> {
        long nanos = duration.toNanos();
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };
}
