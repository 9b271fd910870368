package dev.cozebridge.platform.telegram;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * At most {@code count} writes per sliding {@code window}, waiting instead of provoking Telegram's flood
 * control. A write holds its slot from the moment it starts until {@code window} after it finished, so the
 * server, which counts arrivals, never sees more than {@code count} in any window even when requests are slow.
 * Intervals use a monotonic nanosecond source, not the wall clock, so clock adjustments cannot stall writes.
 */
final class WriteLimiter {

    /** A started write; {@link #close()} marks it finished. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final int count;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Long> finished = new ArrayDeque<>();
    private int inFlight;
    private long pausedUntil;
    private boolean paused;

    WriteLimiter(int count, Duration window, LongSupplier nanoTime) {
        if (count < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a limit needs count >= 1 and a positive window");
        }
        this.count = count;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Blocks until a write may start. */
    Permit acquire() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                long now = nanoTime.getAsLong();
                prune(now);
                long wait;
                if (paused && pausedUntil - now > 0) {
                    wait = pausedUntil - now;
                } else if (inFlight + finished.size() < count) {
                    inFlight++;
                    return this::release;
                } else if (finished.isEmpty()) {
                    wait = windowNanos; // every slot is in flight: woken by a release
                } else {
                    wait = finished.peekFirst() + windowNanos - now;
                }
                changed.awaitNanos(Math.max(wait, TimeUnit.MICROSECONDS.toNanos(100)));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Telegram said "retry after": no write starts before then. */
    void pause(Duration retryAfter) {
        lock.lock();
        try {
            long until = nanoTime.getAsLong() + retryAfter.toNanos();
            if (!paused || until - pausedUntil > 0) {
                pausedUntil = until;
                paused = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** True when nothing is in flight or remembered, so the limiter can be dropped. */
    boolean idle() {
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            prune(now);
            return inFlight == 0 && finished.isEmpty() && (!paused || pausedUntil - now <= 0);
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        lock.lock();
        try {
            inFlight--;
            finished.addLast(nanoTime.getAsLong());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void prune(long now) {
        while (!finished.isEmpty() && now - finished.peekFirst() >= windowNanos) {
            finished.removeFirst();
        }
    }
}
