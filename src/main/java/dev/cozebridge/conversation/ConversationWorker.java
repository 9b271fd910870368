package dev.cozebridge.conversation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation's FIFO: runs its jobs one at a time, in arrival order, on a virtual thread that exists only
 * while there is work. The queue is bounded; a full queue refuses instead of growing.
 */
final class ConversationWorker {

    private static final Logger log = LoggerFactory.getLogger(ConversationWorker.class);

    private final String name;
    private final int queueLimit;
    private final Runnable onIdle;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private Thread thread;

    /**
     * @param queueLimit how many jobs may wait behind the running one
     * @param onIdle     called on the worker's thread each time it runs out of work
     */
    ConversationWorker(String name, int queueLimit, Runnable onIdle) {
        this.name = name;
        this.queueLimit = Math.max(0, queueLimit);
        this.onIdle = onIdle;
    }

    /** Queues a job; false when the queue is full. Returns at once. */
    boolean offer(Runnable job) {
        lock.lock();
        try {
            if (thread != null && waiting.size() >= queueLimit) {
                return false;
            }
            waiting.add(job);
            if (thread == null) {
                thread = Thread.ofVirtual().name("conversation " + name).start(this::drain);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** True when nothing runs or waits. */
    boolean idle() {
        lock.lock();
        try {
            return thread == null;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing runs or waits; false on timeout. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (thread != null) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Drops the jobs that have not started; returns how many. */
    int dropWaiting() {
        lock.lock();
        try {
            int dropped = waiting.size();
            waiting.clear();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Interrupts the running job, if any (the last resort of a shutdown). */
    void interrupt() {
        lock.lock();
        try {
            if (thread != null) {
                thread.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        while (true) {
            Runnable job;
            lock.lock();
            try {
                job = waiting.poll();
                if (job == null) {
                    thread = null;
                    idle.signalAll();
                    break;
                }
            } finally {
                lock.unlock();
            }
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                log.error("conversation {}: a job failed unexpectedly", name, e);
            }
            // an interrupt aimed at one reply must not leak into the next
            Thread.interrupted();
        }
        onIdle.run();
    }
}
