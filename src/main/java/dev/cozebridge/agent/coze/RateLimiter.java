package dev.cozebridge.agent.coze;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Spaces requests at least {@code 1/requestsPerSecond} apart (no burst), so the bridge waits its turn instead of
 * collecting 4013s.
 *
 * <p>Two lanes share the slots: the chat platforms and the HTTP API. Alone, a lane gets every slot. When both have
 * requests waiting, the HTTP API gets at most {@code apiShare} of the slots (stride scheduling: each lane advances
 * its pass by 1/weight per slot and the lower pass goes next), so one API client with many parallel requests
 * cannot queue platform users behind it: a platform request waits for at most a slot or two, not for the whole
 * API queue. Within a lane, requests go in arrival order.
 *
 * <p>Waiting is on a {@link ReentrantLock} condition, which does not pin a virtual thread; an interrupt ends the
 * wait with {@link InterruptedException} and gives up the place in the queue.
 */
final class RateLimiter {
    /** Who asks for a slot. */
    enum Lane {
        PLATFORM,
        API
    }

    private final long intervalNanos;
    private final Map<Lane, Double> stride = new EnumMap<>(Lane.class);
    private final Map<Lane, Double> pass = new EnumMap<>(Lane.class);
    private final Map<Lane, Deque<Object>> queues = new EnumMap<>(Lane.class);
    private final Map<Lane, Long> granted = new EnumMap<>(Lane.class);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long nextSlot;
    private long slots;

    /**
     * @param requestsPerSecond 0 or less disables the limit
     * @param apiShare          the largest fraction of the slots the API lane gets while platform requests wait,
     *                          strictly between 0 and 1
     */
    RateLimiter(double requestsPerSecond, double apiShare) {
        if (!(apiShare > 0 && apiShare < 1)) {
            throw new IllegalArgumentException("apiShare must be between 0 and 1, not " + apiShare);
        }
        this.intervalNanos = requestsPerSecond > 0 ? (long) (1_000_000_000L / requestsPerSecond) : 0;
        this.nextSlot = System.nanoTime();
        stride.put(Lane.API, 1 / apiShare);
        stride.put(Lane.PLATFORM, 1 / (1 - apiShare));
        for (Lane lane : Lane.values()) {
            pass.put(lane, 0.0);
            queues.put(lane, new ArrayDeque<>());
            granted.put(lane, 0L);
        }
    }

    /**
     * Blocks until this request's slot has come.
     *
     * @return the slot's number (0, 1, 2, ... in the order slots were given; -1 when the limit is off)
     */
    long acquire(Lane lane) throws InterruptedException {
        if (intervalNanos == 0) {
            return -1;
        }
        Object ticket = new Object();
        lock.lock();
        try {
            Deque<Object> queue = queues.get(lane);
            if (queue.isEmpty()) {
                // A lane that was idle joins at the other lane's pass: no credit saved up while idle.
                pass.put(lane, Math.max(pass.get(lane), pass.get(other(lane))));
            }
            queue.addLast(ticket);
            changed.signalAll();
            try {
                while (true) {
                    long now = System.nanoTime();
                    if (next() == lane && queue.peekFirst() == ticket) {
                        long wait = nextSlot - now;
                        if (wait <= 0) {
                            queue.removeFirst();
                            nextSlot = Math.max(now, nextSlot) + intervalNanos;
                            pass.put(lane, pass.get(lane) + stride.get(lane));
                            granted.merge(lane, 1L, Long::sum);
                            changed.signalAll();
                            return slots++;
                        }
                        changed.awaitNanos(wait);
                    } else {
                        changed.await();
                    }
                }
            } catch (InterruptedException e) {
                queue.remove(ticket);
                changed.signalAll();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The lane whose head takes the next slot; only called with at least one request waiting. */
    private Lane next() {
        boolean api = !queues.get(Lane.API).isEmpty();
        boolean platform = !queues.get(Lane.PLATFORM).isEmpty();
        if (api && platform) {
            return pass.get(Lane.API) < pass.get(Lane.PLATFORM) ? Lane.API : Lane.PLATFORM;
        }
        return api ? Lane.API : Lane.PLATFORM;
    }

    private static Lane other(Lane lane) {
        return lane == Lane.API ? Lane.PLATFORM : Lane.API;
    }

    /** Requests of {@code lane} waiting now (tests). */
    int waiting(Lane lane) {
        lock.lock();
        try {
            return queues.get(lane).size();
        } finally {
            lock.unlock();
        }
    }

    /** Slots {@code lane} has been given so far (tests). */
    long granted(Lane lane) {
        lock.lock();
        try {
            return granted.get(lane);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "RateLimiter[" + (intervalNanos == 0 ? "off" : TimeUnit.NANOSECONDS.toMillis(intervalNanos) + " ms")
                + "]";
    }
}
