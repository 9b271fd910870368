package dev.cozebridge.fakes.discord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Discord's per-route buckets as seen on the wire: a fixed window per bucket key (route + major parameter),
 * announced through {@code X-RateLimit-*} headers, and a 429 with an integer {@code Retry-After} when a client
 * writes past {@code Remaining: 0}. Tests can also force a 429 on the next matching request.
 */
final class FakeRateLimiter {

    /** What one request gets: the headers to send and, when limited, the wait in seconds. */
    record Verdict(Map<String, String> headers, boolean limited, double retryAfterSeconds) {}

    private record Injection(String method, Pattern path, int retryAfterSeconds) {}

    private static final class Bucket {
        long windowStartNanos;
        int used;
    }

    /** The key of the global bucket; route bucket keys always hold a colon. */
    private static final String GLOBAL = "global";

    private final Map<String, Bucket> buckets = new HashMap<>();
    private final List<Injection> injections = new ArrayList<>();
    private final AtomicInteger served429 = new AtomicInteger();

    synchronized void inject(String method, String pathRegex, int retryAfterSeconds) {
        injections.add(new Injection(method, Pattern.compile(pathRegex), retryAfterSeconds));
    }

    int served429() {
        return served429.get();
    }

    /**
     * Counts one request against {@code bucketKey}. {@code hash} is the bucket id announced to the client.
     */
    synchronized Verdict take(String method, String path, String hash, String bucketKey, int limit, Duration window) {
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(bucketKey, k -> new Bucket());
        if (bucket.used == 0 || now - bucket.windowStartNanos >= window.toNanos()) {
            bucket.windowStartNanos = now;
            bucket.used = 0;
        }
        double resetAfter = Math.max(0, (bucket.windowStartNanos + window.toNanos() - now) / 1e9);
        Injection injection = injections.stream()
                .filter(i -> i.method.equals(method) && i.path.matcher(path).matches())
                .findFirst()
                .orElse(null);
        if (injection != null) {
            injections.remove(injection);
            served429.incrementAndGet();
            return new Verdict(headers(hash, limit, 0, injection.retryAfterSeconds), true, injection.retryAfterSeconds);
        }
        if (bucket.used >= limit) {
            served429.incrementAndGet();
            return new Verdict(headers(hash, limit, 0, resetAfter), true, resetAfter);
        }
        bucket.used++;
        return new Verdict(headers(hash, limit, limit - bucket.used, resetAfter), false, 0);
    }

    /**
     * Counts one request against the bot's global limit: a fixed window of {@code limit} requests; past it a
     * global 429 ({@code X-RateLimit-Global}, scope {@code global}), which makes JDA hold every route.
     */
    synchronized Verdict global(int limit, Duration window) {
        long now = System.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(GLOBAL, k -> new Bucket());
        if (bucket.used == 0 || now - bucket.windowStartNanos >= window.toNanos()) {
            bucket.windowStartNanos = now;
            bucket.used = 0;
        }
        if (bucket.used >= limit) {
            served429.incrementAndGet();
            double resetAfter = Math.max(0, (bucket.windowStartNanos + window.toNanos() - now) / 1e9);
            return new Verdict(Map.of("X-RateLimit-Global", "true"), true, resetAfter);
        }
        bucket.used++;
        return new Verdict(Map.of(), false, 0);
    }

    private static Map<String, String> headers(String hash, int limit, int remaining, double resetAfter) {
        double resetEpoch = System.currentTimeMillis() / 1000.0 + resetAfter;
        return Map.of(
                "X-RateLimit-Bucket", hash,
                "X-RateLimit-Limit", Integer.toString(limit),
                "X-RateLimit-Remaining", Integer.toString(remaining),
                "X-RateLimit-Reset-After", String.format(java.util.Locale.ROOT, "%.3f", resetAfter),
                "X-RateLimit-Reset", String.format(java.util.Locale.ROOT, "%.3f", resetEpoch));
    }
}
