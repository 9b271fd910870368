package dev.cozebridge.conversation;

import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.store.InboundQueue.QueuedMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one conversation's queued messages in arrival order while this instance holds its lease, on a virtual
 * thread that exists only while there is work. The messages themselves wait in the database, not here: a poke
 * only says "look again", so nothing is lost when the process dies, and another instance can take over.
 *
 * <p>Each message is prepared on the worker's thread, one after another (stored as a turn, files fetched, history
 * read), so turns are stored in arrival order; its answer then streams on a thread of its own, up to
 * {@code parallel} at once. In-memory side jobs (greetings) run on the same thread and need no lease.
 */
final class ConversationWorker {

    private static final Logger log = LoggerFactory.getLogger(ConversationWorker.class);

    /** What the worker needs from the service. */
    interface Host {
        /** Takes (or keeps) this conversation's lease; false when another instance holds it. */
        boolean claim(ConversationKey key);

        /** Gives the lease up. */
        void release(ConversationKey key);

        /** Once per lease taken, before its first message: finalizes what a dead holder left half-written. */
        void claimed(ConversationKey key);

        List<QueuedMessage> next(ConversationKey key, long afterId, int limit);

        /**
         * Prepares a queued message; returns its answer to stream, or null when there is nothing to stream (already
         * answered, refused with a notice, failed with a notice). Never throws.
         */
        Runnable prepare(QueuedMessage item) throws InterruptedException;

        /** The message's answer has ended, or it was not asked: it leaves the queue. */
        void finished(QueuedMessage item);

        /** True once the service stops taking new work. */
        boolean closed();

        /** Called on the worker's thread each time it runs out of work. */
        void idle(ConversationKey key);
    }

    private final ConversationKey key;
    private final int parallel;
    private final Host host;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Runnable> sideJobs = new ArrayDeque<>();
    private final Set<Thread> streams = new HashSet<>();
    private Thread thread;
    private boolean dirty;

    ConversationWorker(ConversationKey key, int parallel, Host host) {
        this.key = key;
        this.parallel = Math.max(1, parallel);
        this.host = host;
    }

    /** Says the conversation may have new queued messages; starts the worker when none runs. Returns at once. */
    void poke() {
        lock.lock();
        try {
            dirty = true;
            changed.signalAll();
            if (thread == null) {
                thread = Thread.ofVirtual().name("conversation " + key).start(this::drain);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs an in-memory job (a greeting) on the worker's thread, between queued messages. */
    void side(Runnable job) {
        lock.lock();
        try {
            sideJobs.add(job);
        } finally {
            lock.unlock();
        }
        poke();
    }

    /** True when nothing runs or waits here. */
    boolean idle() {
        lock.lock();
        try {
            return thread == null;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing runs here; false on timeout. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (thread != null) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Interrupts the worker and every answer it streams (the last resort of a shutdown). */
    void interrupt() {
        lock.lock();
        try {
            if (thread != null) {
                thread.interrupt();
            }
            streams.forEach(Thread::interrupt);
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        boolean held = false;
        long lastId = 0;
        try {
            while (true) {
                Runnable side = pollSide();
                if (side != null) {
                    runQuietly(side);
                    continue;
                }
                if (host.closed()) {
                    break;
                }
                if (!held) {
                    if (!host.claim(key)) {
                        log.debug("{}: another instance answers this conversation", key);
                        break;
                    }
                    held = true;
                    host.claimed(key);
                }
                int free = awaitSlot();
                lock.lock();
                try {
                    dirty = false;
                } finally {
                    lock.unlock();
                }
                List<QueuedMessage> items = host.next(key, lastId, free);
                if (items.isEmpty()) {
                    if (awaitMore()) {
                        continue;
                    }
                    // give the lease up before saying we are gone, so the next poke's worker can take it at once
                    host.release(key);
                    held = false;
                    lock.lock();
                    try {
                        if (dirty || !sideJobs.isEmpty()) {
                            continue;
                        }
                        thread = null;
                        changed.signalAll();
                        break;
                    } finally {
                        lock.unlock();
                    }
                }
                for (QueuedMessage item : items) {
                    lastId = item.id();
                    Runnable answer = host.prepare(item);
                    if (answer == null) {
                        host.finished(item);
                    } else if (parallel == 1) {
                        try {
                            answer.run();
                        } finally {
                            host.finished(item);
                        }
                    } else {
                        stream(item, answer);
                    }
                    // an interrupt aimed at one answer must not leak into the next
                    if (Thread.interrupted() && host.closed()) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            log.warn("{}: worker interrupted; what is queued stays for the next start", key);
        } catch (RuntimeException | Error e) {
            log.error("{}: the conversation's worker failed; its queued messages wait for the next look", key, e);
        } finally {
            awaitStreams();
            if (held) {
                try {
                    host.release(key);
                } catch (RuntimeException e) {
                    log.warn("{}: could not release the conversation's lease; it expires by itself", key, e);
                }
            }
            lock.lock();
            try {
                if (thread == Thread.currentThread()) {
                    thread = null;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        host.idle(key);
    }

    private void stream(QueuedMessage item, Runnable answer) {
        lock.lock();
        try {
            Thread t = Thread.ofVirtual()
                    .name("answer " + key + " #" + item.id())
                    .unstarted(() -> {
                        try {
                            answer.run();
                        } catch (RuntimeException | Error e) {
                            log.error("{}: an answer failed unexpectedly", key, e);
                        } finally {
                            host.finished(item);
                            lock.lock();
                            try {
                                streams.remove(Thread.currentThread());
                                changed.signalAll();
                            } finally {
                                lock.unlock();
                            }
                        }
                    });
            streams.add(t);
            t.start();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks while {@code parallel} answers stream; returns how many more may start. */
    private int awaitSlot() throws InterruptedException {
        lock.lock();
        try {
            while (streams.size() >= parallel) {
                changed.await();
            }
            return parallel - streams.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Nothing new was queued: true to look again (a poke came, or an answer still streams and may be followed by
     * more), false when the worker may stop.
     */
    private boolean awaitMore() throws InterruptedException {
        lock.lock();
        try {
            if (dirty || !sideJobs.isEmpty()) {
                return true;
            }
            if (streams.isEmpty()) {
                return false;
            }
            changed.await();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void awaitStreams() {
        lock.lock();
        try {
            while (!streams.isEmpty()) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private Runnable pollSide() {
        lock.lock();
        try {
            return sideJobs.poll();
        } finally {
            lock.unlock();
        }
    }

    private void runQuietly(Runnable job) {
        try {
            job.run();
        } catch (RuntimeException | Error e) {
            log.error("{}: a job failed unexpectedly", key, e);
        }
        Thread.interrupted();
    }
}
