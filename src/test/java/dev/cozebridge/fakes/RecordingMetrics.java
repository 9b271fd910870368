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
import java.util.function.IntSupplier;

/**
 * Counts what the engine and the adapters report, for assertions. {@link #count} names a counter summed over
 * platforms ({@code delta}, {@code firstDelta}, {@code write.send}, {@code write.edit}, {@code write.draft},
 * {@code rateLimited}, {@code tokens}, {@code cancel.sent}, {@code cancel.failed}, {@code leaseTakeover},
 * {@code redeliveryDropped}); {@link #writes(String, String)} is one platform's writes; {@link #queueDepth} reads a
 * registered queue gauge.
 */
public final class RecordingMetrics implements BridgeMetrics {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> writes = new ConcurrentHashMap<>();
    private final List<TurnStatus> replies = new CopyOnWriteArrayList<>();
    private final List<Integer> cozeErrors = new CopyOnWriteArrayList<>();
    private final Map<String, IntSupplier> depths = new ConcurrentHashMap<>();

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

    /** The queue depth gauge of the bot on the platform, read now; -1 when none was registered. */
    public int queueDepth(String bot, String platform) {
        IntSupplier depth = depths.get(bot + "/" + platform);
        return depth == null ? -1 : depth.getAsInt();
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

    @Override
    public void queueDepth(String bot, String platform, IntSupplier depth) {
        depths.putIfAbsent(bot + "/" + platform, depth);
    }

    @Override
    public void leaseTakeover(String bot, String platform) {
        add(counters, "leaseTakeover", 1);
    }

    @Override
    public void redeliveryDropped(String bot, String platform) {
        add(counters, "redeliveryDropped", 1);
    }
}
