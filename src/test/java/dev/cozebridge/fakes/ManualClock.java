package dev.cozebridge.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that only moves when told to; thread-safe. {@link #sleep} blocks the calling thread until the test has
 * moved the clock far enough, so code that paces itself (as {@code conversation.Sleeper}) can be stepped
 * exactly: wait until it is parked ({@link #sleepers()}), change what it will see, then {@link #advance}.
 */
public final class ManualClock extends Clock {
    private Instant now;
    private int sleepers;

    public ManualClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
        notifyAll();
    }

    /** Blocks until the clock has moved {@code duration} past the time of the call; rethrows an interrupt. */
    public synchronized void sleep(Duration duration) throws InterruptedException {
        Instant wakeAt = now.plus(duration);
        sleepers++;
        try {
            while (now.isBefore(wakeAt)) {
                wait();
            }
        } finally {
            sleepers--;
        }
    }

    /** How many threads are blocked in {@link #sleep} now. */
    public synchronized int sleepers() {
        return sleepers;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }
}
