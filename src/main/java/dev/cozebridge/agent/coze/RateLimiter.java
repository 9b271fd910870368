package dev.cozebridge.agent.coze;

import java.util.concurrent.TimeUnit;

/**
 * Spaces requests at least {@code 1/requestsPerSecond} apart (no burst), so the bridge waits its turn instead of
 * collecting 4013s. Slots are reserved in call order; waiting happens outside the lock.
 */
final class RateLimiter {
    private final long intervalNanos;
    private long nextSlot;

    /** @param requestsPerSecond 0 or less disables the limit */
    RateLimiter(double requestsPerSecond) {
        this.intervalNanos = requestsPerSecond > 0 ? (long) (1_000_000_000L / requestsPerSecond) : 0;
        this.nextSlot = System.nanoTime();
    }

    void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
