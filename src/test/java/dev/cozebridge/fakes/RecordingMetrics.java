package dev.cozebridge.fakes;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the engine and the adapters report, for assertions. {@link #count} names a counter summed over
 * platforms ({@code delta}, {@code firstDelta}, {@code write.send}, {@code write.edit}, {@code write.draft},
 * {@code rateLimited}, {@code tokens}, {@code cancel.sent}, {@code cancel.failed}); {@link #writes(String, String)} is
 * one platform's writes.
 */
public final class RecordingMetrics implements BridgeMetrics {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> writes = new ConcurrentHashMap<>();
    private final List<TurnStatus> replies = new CopyOnWriteArrayList<>();
    private final List<Integer> cozeErrors = new CopyOnWriteArrayList<>();

    public long count(String name) {
        AtomicLong counter = counters.get(name);
        return counter == null ? 0 : counter.get();
    }

    /** How often {@code platform} reported {@code operation} ({@code send}, {@code edit}, {@code draft}). */
    public long writes(String platform, String operation) {
        AtomicLong counter = writes.get(platform + ":" + operation);
        return counter == null ? 0 : counter.get();
    }

    /** Every platform write counted so far, as {@code platform:operation} to count, sorted by key. */
    public Map<String, Long> writes() {
        Map<String, Long> all = new TreeMap<>();
        writes.forEach((key, n) -> all.put(key, n.get()));
        return all;
    }

    public List<TurnStatus> replies() {
        return List.copyOf(replies);
    }

    public List<Integer> cozeErrors() {
        return List.copyOf(cozeErrors);
    }

    private static void add(Map<String, AtomicLong> map, String name, long n) {
        map.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    @Override
    public void reply(String bot, String platform, TurnStatus status) {
        replies.add(status);
    }

    @Override
    public void timeToFirstDelta(String bot, String platform, Duration elapsed) {
        add(counters, "firstDelta", 1);
    }

    @Override
    public void delta(String bot) {
        add(counters, "delta", 1);
    }

    @Override
    public void platformWrite(String platform, String operation) {
        add(counters, "write." + operation, 1);
        add(writes, platform + ":" + operation, 1);
    }

    @Override
    public void platformRateLimited(String platform) {
        add(counters, "rateLimited", 1);
    }

    @Override
    public void cozeError(String bot, int code) {
        cozeErrors.add(code);
    }

    @Override
    public void tokens(String bot, TokenUsage usage) {
        add(counters, "tokens", usage.totalTokens());
    }

    @Override
    public void cozeCancel(boolean sent) {
        add(counters, sent ? "cancel.sent" : "cancel.failed", 1);
    }
}
