package dev.cozebridge.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Spaces the writes into one channel, across every reply there: a write starts at least
 * {@code minChannelInterval} after the previous one in the channel ended. One per channel, never process-wide,
 * so a busy channel never slows another. Writers hold the channel for the duration of their call.
 */
public final class ChannelPacer {

    private final Duration interval;
    private final Clock clock;
    private final Sleeper sleeper;
    // fair: replies in one channel take turns instead of one starving the others
    private final ReentrantLock lock = new ReentrantLock(true);
    private Instant nextAllowed = Instant.MIN;

    public ChannelPacer(Duration interval, Clock clock, Sleeper sleeper) {
        this.interval = interval == null ? Duration.ZERO : interval;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The gap this channel keeps between two writes. */
    Duration interval() {
        return interval;
    }

    /** Blocks until this caller may write into the channel; pair with {@link #release} in a finally block. */
    public void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            sleeper.sleepUntil(clock, nextAllowed);
        } catch (InterruptedException | RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /**
     * Ends the write: the next one in this channel waits the interval from now, or {@code retryAfter} when the
     * platform asked for longer (null when it did not).
     */
    public void release(Duration retryAfter) {
        Duration wait = retryAfter != null && retryAfter.compareTo(interval) > 0 ? retryAfter : interval;
        nextAllowed = clock.instant().plus(wait);
        lock.unlock();
    }

    /** Gives the channel back without having written. */
    public void releaseUnused() {
        lock.unlock();
    }
}
