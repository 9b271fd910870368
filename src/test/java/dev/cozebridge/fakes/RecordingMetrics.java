package dev.cozebridge.fakes;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the engine reports, for assertions. */
public final class RecordingMetrics implements BridgeMetrics {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final List<TurnStatus> replies = new CopyOnWriteArrayList<>();
    private final List<Integer> cozeErrors = new CopyOnWriteArrayList<>();

    public long count(String name) {
        AtomicLong counter = counters.get(name);
        return counter == null ? 0 : counter.get();
    }

    public List<TurnStatus> replies() {
        return List.copyOf(replies);
    }

    public List<Integer> cozeErrors() {
        return List.copyOf(cozeErrors);
    }

    private void add(String name, long n) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    @Override
    public void reply(String bot, String platform, TurnStatus status) {
        replies.add(status);
    }

    @Override
    public void timeToFirstDelta(String bot, String platform, Duration elapsed) {
        add("firstDelta", 1);
    }

    @Override
    public void delta(String bot) {
        add("delta", 1);
    }

    @Override
    public void platformWrite(String platform, String operation) {
        add("write." + operation, 1);
    }

    @Override
    public void platformRateLimited(String platform) {
        add("rateLimited", 1);
    }

    @Override
    public void cozeError(String bot, int code) {
        cozeErrors.add(code);
    }

    @Override
    public void tokens(String bot, TokenUsage usage) {
        add("tokens", usage.totalTokens());
    }
}
