package dev.cozebridge.platform.telegram;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts platform writes and rate limits reported through {@link BridgeMetrics}. */
final class CountingMetrics implements BridgeMetrics {
    final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    final AtomicInteger rateLimited = new AtomicInteger();

    @Override
    public void reply(String bot, String platform, TurnStatus status) {}

    @Override
    public void timeToFirstDelta(String bot, String platform, Duration elapsed) {}

    @Override
    public void delta(String bot) {}

    @Override
    public void platformWrite(String platform, String operation) {
        writes.computeIfAbsent(platform + ":" + operation, k -> new AtomicInteger())
                .incrementAndGet();
    }

    @Override
    public void platformRateLimited(String platform) {
        rateLimited.incrementAndGet();
    }

    @Override
    public void cozeError(String bot, int code) {}

    @Override
    public void tokens(String bot, TokenUsage usage) {}

    int writes(String key) {
        AtomicInteger n = writes.get(key);
        return n == null ? 0 : n.get();
    }
}
