package dev.cozebridge.platform.telegram;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A write budget of {@code count} per {@code window}, waited for instead of provoking Telegram's flood control, and
 * shared fairly: writers take their turn by rank, lowest first, and among equal ranks in the order they started
 * waiting ({@link #acquire()} ranks by arrival, plain first come first served). A caller that ranks writers by when
 * they last wrote gets round robin: a reply that has just written queues behind every one still waiting and can
 * never barge ahead of them, even when many become ready at the same instant.
 *
 * <p>Two shapes. A {@linkplain #window window} lets up to {@code count} writes through in any sliding window (the
 * overall 30 a second); a write holds its slot from its start until {@code window} after it finished, so the server,
 * which counts arrivals, never sees more even when requests are slow. A {@linkplain #paced paced} budget spaces
 * writes evenly, one {@code window / count} after the previous one finished (a group's 20 a minute: one every 3 s
 * from the first write on, instead of 20 at once and then a minute of silence), one at a time. Intervals use a
 * monotonic nanosecond source, not the wall clock, so clock adjustments cannot stall writes.
 */
final class WriteLimiter {

    /** A started write; {@link #close()} marks it finished. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** A started write and its place among all this limiter has let start (1, 2, ...). */
    final class Granted implements Permit {
        final long sequence;

        private Granted(long sequence) {
            this.sequence = sequence;
        }

        @Override
        public void close() {
            release();
        }
    }

    private record Ticket(long rank, long arrival) {}

    /** {@link #waitNanos}: nothing to wait for but another write finishing. */
    private static final long UNTIL_RELEASE = Long.MAX_VALUE;

    private static final long MIN_WAIT = TimeUnit.MICROSECONDS.toNanos(100);

    private final int count;
    private final long windowNanos;
    /** Paced: the gap after a finished write; 0 for a sliding window. */
    private final long spacingNanos;

    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The writers waiting, lowest rank first; only the first may start. */
    private final PriorityQueue<Ticket> queue =
            new PriorityQueue<>(Comparator.comparingLong(Ticket::rank).thenComparingLong(Ticket::arrival));

    private long arrivals;
    private long grants;
    /** Waiters that gave up their place (interrupted). */
    private long cancelled;
    /** Window: when each write still counted finished. */
    private final ArrayDeque<Long> finished = new ArrayDeque<>();

    private int inFlight;
    private boolean wrote;
    private long lastFinished;
    private long pausedUntil;
    private boolean paused;

    private WriteLimiter(int count, Duration window, boolean paced, LongSupplier nanoTime) {
        if (count < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a limit needs count >= 1 and a positive window");
        }
        this.count = count;
        this.windowNanos = window.toNanos();
        this.spacingNanos = paced ? Math.max(1, windowNanos / count) : 0;
        this.nanoTime = nanoTime;
    }

    /** At most {@code count} writes in any sliding {@code window}. */
    static WriteLimiter window(int count, Duration window, LongSupplier nanoTime) {
        return new WriteLimiter(count, window, false, nanoTime);
    }

    /** One write at a time, each {@code window / count} after the previous one finished. */
    static WriteLimiter paced(int count, Duration window, LongSupplier nanoTime) {
        return new WriteLimiter(count, window, true, nanoTime);
    }

    /** Blocks until it is this writer's turn (first come, first served) and the budget has room. */
    Granted acquire() throws InterruptedException {
        return acquire(Long.MIN_VALUE);
    }

    /** Blocks until no waiter ranks lower (or equal and came earlier) and the budget has room. */
    Granted acquire(long rank) throws InterruptedException {
        lock.lock();
        try {
            long arrival = ++arrivals;
            Ticket ticket = new Ticket(rank == Long.MIN_VALUE ? arrival : rank, arrival);
            queue.add(ticket);
            try {
                while (true) {
                    if (queue.peek() != ticket) {
                        changed.await();
                        continue;
                    }
                    long wait = waitNanos(nanoTime.getAsLong());
                    if (wait == 0) {
                        queue.poll();
                        inFlight++;
                        // the next in line may be able to start too (a window with room to spare)
                        changed.signalAll();
                        return new Granted(++grants);
                    }
                    if (wait == UNTIL_RELEASE) {
                        changed.await();
                    } else {
                        changed.awaitNanos(Math.max(wait, MIN_WAIT));
                    }
                }
            } catch (InterruptedException | RuntimeException e) {
                // a cancelled reply gives up its place; the one behind it may be next
                queue.remove(ticket);
                cancelled++;
                changed.signalAll();
                throw e;
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
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True when nobody waits and nothing is in flight or remembered, so the limiter can be dropped. */
    boolean idle() {
        lock.lock();
        try {
            if (!queue.isEmpty() || inFlight > 0 || waitNanos(nanoTime.getAsLong()) != 0) {
                return false;
            }
            // a window remembers its writes until they leave it (waitNanos pruned the ones that did)
            return spacingNanos > 0 || finished.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** How many writes this limiter has let start so far. */
    long granted() {
        lock.lock();
        try {
            return grants;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts every change to the line (a writer joined, started or gave up). Equal before and after a look at
     * {@link #waiting()} and {@link #nextStart()} means both saw one and the same moment.
     */
    long changes() {
        lock.lock();
        try {
            return arrivals + grants + cancelled;
        } finally {
            lock.unlock();
        }
    }

    /** How many writers wait. */
    int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * When the first writer in line may start, by the nanosecond source: now or earlier when it may start at once,
     * {@link Long#MAX_VALUE} when nobody waits or only a finishing write can make room.
     */
    long nextStart() {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                return Long.MAX_VALUE;
            }
            long now = nanoTime.getAsLong();
            long wait = waitNanos(now);
            return wait == UNTIL_RELEASE ? Long.MAX_VALUE : now + wait;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes the waiters to look at the time again. Real time wakes them by itself; a controllable nanosecond
     * source (tests) calls this after moving.
     */
    void timeMoved() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** 0 when a write may start at {@code now}, else how long to wait, or {@link #UNTIL_RELEASE}. */
    private long waitNanos(long now) {
        if (paused) {
            if (pausedUntil - now > 0) {
                return pausedUntil - now;
            }
            paused = false;
        }
        if (spacingNanos > 0) {
            if (inFlight > 0) {
                return UNTIL_RELEASE;
            }
            long next = lastFinished + spacingNanos;
            return !wrote || next - now <= 0 ? 0 : next - now;
        }
        while (!finished.isEmpty() && now - finished.peekFirst() >= windowNanos) {
            finished.removeFirst();
        }
        if (inFlight + finished.size() < count) {
            return 0;
        }
        return finished.isEmpty() ? UNTIL_RELEASE : finished.peekFirst() + windowNanos - now;
    }

    private void release() {
        lock.lock();
        try {
            inFlight--;
            long now = nanoTime.getAsLong();
            wrote = true;
            lastFinished = now;
            if (spacingNanos == 0) {
                finished.addLast(now);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
