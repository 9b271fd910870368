package dev.cozebridge.metrics;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BridgeMetrics} over a Micrometer {@link PrometheusMeterRegistry}. Names as Prometheus shows them:
 * <ul>
 *     <li>{@code coze_bridge_replies_total{bot,platform,status}}</li>
 *     <li>{@code coze_bridge_time_to_first_delta_seconds{bot,platform}} (histogram)</li>
 *     <li>{@code coze_bridge_deltas_total{bot}}</li>
 *     <li>{@code coze_bridge_platform_writes_total{platform,operation}}</li>
 *     <li>{@code coze_bridge_platform_rate_limited_total{platform}}</li>
 *     <li>{@code coze_bridge_coze_errors_total{bot,code}}</li>
 *     <li>{@code coze_bridge_tokens_total{bot,kind}} with kind {@code input} or {@code output}</li>
 *     <li>{@code coze_bridge_coze_cancels_total{outcome}} with outcome {@code sent} or {@code failed}</li>
 *     <li>{@code coze_bridge_queue_depth{bot,platform}}: messages waiting in the queue this instance shares (every
 *     instance on one database sees the same rows)</li>
 *     <li>{@code coze_bridge_lease_takeovers_total{bot,platform}}: conversations this instance took over from one
 *     that let its lease expire</li>
 *     <li>{@code coze_bridge_redeliveries_dropped_total{bot,platform}}: platform deliveries seen before, dropped</li>
 * </ul>
 * plus the JVM's memory, threads, CPU and uptime.
 */
public final class MicrometerMetrics implements BridgeMetrics {
    private static final Logger log = LoggerFactory.getLogger(MicrometerMetrics.class);
    private static final String UNKNOWN = "unknown";

    private final PrometheusMeterRegistry registry;

    public MicrometerMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public MicrometerMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void reply(String bot, String platform, TurnStatus status) {
        guarded(() -> Counter.builder("coze.bridge.replies")
                .description("Replies by how they ended")
                .tag("bot", tag(bot))
                .tag("platform", tag(platform))
                .tag("status", status == null ? UNKNOWN : status.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment());
    }

    @Override
    public void timeToFirstDelta(String bot, String platform, Duration elapsed) {
        if (elapsed == null || elapsed.isNegative()) {
            return;
        }
        guarded(() -> Timer.builder("coze.bridge.time.to.first.delta")
                .description("Time from the request to Coze until its first text delta")
                .tag("bot", tag(bot))
                .tag("platform", tag(platform))
                .publishPercentileHistogram()
                .register(registry)
                .record(elapsed));
    }

    @Override
    public void delta(String bot) {
        guarded(() -> Counter.builder("coze.bridge.deltas")
                .description("Text deltas received from Coze")
                .tag("bot", tag(bot))
                .register(registry)
                .increment());
    }

    @Override
    public void platformWrite(String platform, String operation) {
        guarded(() -> Counter.builder("coze.bridge.platform.writes")
                .description("Messages sent, edited or drafted on a platform")
                .tag("platform", tag(platform))
                .tag("operation", tag(operation))
                .register(registry)
                .increment());
    }

    @Override
    public void platformRateLimited(String platform) {
        guarded(() -> Counter.builder("coze.bridge.platform.rate.limited")
                .description("Platform answers of the kind 'rate limited, retry after'")
                .tag("platform", tag(platform))
                .register(registry)
                .increment());
    }

    @Override
    public void cozeError(String bot, int code) {
        guarded(() -> Counter.builder("coze.bridge.coze.errors")
                .description("Coze failures by business code (0 when none)")
                .tag("bot", tag(bot))
                .tag("code", Integer.toString(code))
                .register(registry)
                .increment());
    }

    @Override
    public void tokens(String bot, TokenUsage usage) {
        if (usage == null) {
            return;
        }
        guarded(() -> {
            tokenCounter(bot, "input").increment(Math.max(0, usage.inputTokens()));
            tokenCounter(bot, "output").increment(Math.max(0, usage.outputTokens()));
        });
    }

    @Override
    public void cozeCancel(boolean sent) {
        guarded(() -> Counter.builder("coze.bridge.coze.cancels")
                .description("Chat cancels sent to Coze: sent (Coze answered) or failed (it could not be reached)")
                .tag("outcome", sent ? "sent" : "failed")
                .register(registry)
                .increment());
    }

    @Override
    public void queueDepth(String bot, String platform, IntSupplier depth) {
        guarded(() -> Gauge.builder("coze.bridge.queue.depth", () -> depthOrNaN(bot, platform, depth))
                .description("Messages waiting in the queue (shared by every instance on the database)")
                .tag("bot", tag(bot))
                .tag("platform", tag(platform))
                .strongReference(true)
                .register(registry));
    }

    @Override
    public void leaseTakeover(String bot, String platform) {
        guarded(() -> Counter.builder("coze.bridge.lease.takeovers")
                .description("Conversations taken over from an instance that let its lease expire")
                .tag("bot", tag(bot))
                .tag("platform", tag(platform))
                .register(registry)
                .increment());
    }

    @Override
    public void redeliveryDropped(String bot, String platform) {
        guarded(() -> Counter.builder("coze.bridge.redeliveries.dropped")
                .description("Platform deliveries seen before (webhook retries, one update at two instances), dropped")
                .tag("bot", tag(bot))
                .tag("platform", tag(platform))
                .register(registry)
                .increment());
    }

    // A scrape must not fail because the database does: the gauge shows no value (NaN) until it answers again.
    private static double depthOrNaN(String bot, String platform, IntSupplier depth) {
        try {
            return depth.getAsInt();
        } catch (RuntimeException e) {
            log.debug("queue depth of {}/{} could not be read: {}", bot, platform, e.toString());
            return Double.NaN;
        }
    }

    private Counter tokenCounter(String bot, String kind) {
        return Counter.builder("coze.bridge.tokens")
                .description("Tokens Coze reported")
                .tag("bot", tag(bot))
                .tag("kind", kind)
                .register(registry);
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }

    // The contract says metrics never throw: a broken meter must not break a reply.
    private static void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Recording a metric failed", e);
        }
    }
}
