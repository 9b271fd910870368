package dev.cozebridge.platform.discord;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The bot's share of Discord's global limit (50 requests per second per bot token, platforms §4), split fairly
 * between the channels writing at once. JDA paces each route's bucket from Discord's headers, but it learns of
 * the global limit only from a 429, which then stalls every channel; and the core paces per channel and per reply,
 * never process-wide. So every request the global limit counts takes a slot here first ({@link DiscordGlobalGate},
 * at the HTTP layer), in strict arrival order: the request that has waited longest goes next. JDA sends one
 * request per route bucket at a time and the core writes into a channel one at a time ({@code ChannelPacer}), so
 * each channel has at most one request waiting and, when the budget is what limits, the channels take turns and
 * share it evenly; none starves while another streams.
 *
 * <p>At most {@code count} requests per sliding {@code window}: a request holds its slot from its start until
 * {@code window} after its response arrived, so Discord, which counts arrivals, never sees more in any window, even
 * when requests are slow. Typing takes a slot only when one is free and nobody waits ({@link #tryAcquire}). The
 * default stays below 50 to leave room for requests made with the same token outside this process (a second
 * process during a restart, an operator's script). The budget is per bot in this process; instances that split a
 * bot's shards ({@code discord.shards}) each take their shards' part of it ({@link Pace#shareFor}). Intervals use a
 * monotonic nanosecond source.
 */
final class DiscordWriteBudget {

    /** {@code count} writes per sliding {@code window}; tests shrink the window. */
    record Pace(int count, Duration window) {
        static final Pace DEFAULT = new Pace(45, Duration.ofSeconds(1));

        /**
         * The share of an instance that runs {@code ids} of {@code total} shards: Discord's global limit is per bot
         * token, across every process using it, so instances that split a bot's shards split its budget in the same
         * proportion (at least one request per window each).
         */
        Pace shareFor(int shardsRun, int total) {
            if (shardsRun >= total) {
                return this;
            }
            return new Pace(Math.max(1, count * shardsRun / total), window);
        }

        Pace {
            if (count < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a write budget needs count >= 1 and a positive window");
            }
        }
    }

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
    /** When each write of the last window finished, oldest first. */
    private final ArrayDeque<Long> finished = new ArrayDeque<>();
    /** The writes waiting for a slot, longest waiting first. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();

    private int inFlight;

    DiscordWriteBudget(Pace pace, LongSupplier nanoTime) {
        this.count = pace.count();
        this.windowNanos = pace.window().toNanos();
        this.nanoTime = nanoTime;
    }

    /** Blocks until it is this write's turn and a slot is free. */
    Permit acquire() throws InterruptedException {
        Object turn = new Object();
        lock.lockInterruptibly();
        try {
            waiting.addLast(turn);
            try {
                while (true) {
                    long now = nanoTime.getAsLong();
                    prune(now);
                    boolean first = waiting.peekFirst() == turn;
                    if (first && inFlight + finished.size() < count) {
                        waiting.removeFirst();
                        inFlight++;
                        changed.signalAll(); // the next in line may fit as well
                        return permit();
                    }
                    // the first in line wakes when the oldest slot frees; the others when the line moves
                    long wait = first && !finished.isEmpty() ? finished.peekFirst() + windowNanos - now : windowNanos;
                    changed.awaitNanos(Math.max(wait, TimeUnit.MICROSECONDS.toNanos(100)));
                }
            } catch (InterruptedException | RuntimeException e) {
                waiting.remove(turn);
                changed.signalAll();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A slot now if one is free and no write waits, else null: for writes that may as well be skipped. */
    Permit tryAcquire() {
        lock.lock();
        try {
            prune(nanoTime.getAsLong());
            if (!waiting.isEmpty() || inFlight + finished.size() >= count) {
                return null;
            }
            inFlight++;
            return permit();
        } finally {
            lock.unlock();
        }
    }

    /** Closing it twice frees the slot once. */
    private Permit permit() {
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                release();
            }
        };
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

    /** How many writes wait for their turn now. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
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
