package dev.cozebridge.platform.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per API key: at most {@code maxConcurrent} chat and image requests running at once and at most
 * {@code perMinute} started in any 60 seconds (a sliding window). A request over either limit is refused at once
 * with 429 and a {@code Retry-After}, before it reaches Coze, so one key cannot take the whole Coze budget.
 * Thread-safe.
 */
final class KeyLimits {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int maxConcurrent;
    private final int perMinute;
    private final Clock clock;
    private final Map<String, Usage> usage = new HashMap<>();

    KeyLimits(int maxConcurrent, int perMinute, Clock clock) {
        this.maxConcurrent = maxConcurrent;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** A running request; closing it frees its place. Idempotent. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a place for one request of {@code key}.
     *
     * @throws ApiError 429 with the seconds to wait when the key is over a limit
     */
    Permit acquire(String key) {
        Instant now = clock.instant();
        synchronized (this) {
            Usage u = usage.computeIfAbsent(key, k -> new Usage());
            while (!u.starts.isEmpty() && !u.starts.peekFirst().plus(WINDOW).isAfter(now)) {
                u.starts.removeFirst();
            }
            if (u.running >= maxConcurrent) {
                throw ApiError.tooManyRequests(
                        "This API key already has " + maxConcurrent + " requests running, the most it may have at "
                                + "once (http.max_concurrent_per_key); wait for one to finish.",
                        "concurrency_limit_exceeded",
                        1);
            }
            if (u.starts.size() >= perMinute) {
                Duration wait = Duration.between(now, u.starts.peekFirst().plus(WINDOW));
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                throw ApiError.tooManyRequests(
                        "This API key sent " + perMinute + " requests in the last minute, the most it may "
                                + "(http.requests_per_minute_per_key); retry in " + seconds + " s.",
                        "rate_limit_exceeded",
                        seconds);
            }
            u.running++;
            u.starts.addLast(now);
        }
        return new Permit() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (KeyLimits.this) {
                    if (!closed) {
                        closed = true;
                        usage.get(key).running--;
                    }
                }
            }
        };
    }

    private static final class Usage {
        private int running;
        private final Deque<Instant> starts = new ArrayDeque<>();
    }
}
