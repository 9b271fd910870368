package dev.cozebridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {
    private final MicrometerMetrics metrics = new MicrometerMetrics();

    @Test
    void countsRepliesByBotPlatformAndStatus() {
        metrics.reply("helper", "discord", TurnStatus.COMPLETE);
        metrics.reply("helper", "discord", TurnStatus.COMPLETE);
        metrics.reply("helper", "telegram", TurnStatus.PARTIAL);

        assertThat(metrics.scrape())
                .contains("coze_bridge_replies_total{bot=\"helper\",platform=\"discord\",status=\"complete\"} 2.0")
                .contains("coze_bridge_replies_total{bot=\"helper\",platform=\"telegram\",status=\"partial\"} 1.0");
    }

    @Test
    void timesFirstDeltaAsAHistogramInSeconds() {
        metrics.timeToFirstDelta("helper", "http", Duration.ofMillis(250));
        metrics.timeToFirstDelta("helper", "http", Duration.ofMillis(750));

        String text = metrics.scrape();
        assertThat(text)
                .contains("coze_bridge_time_to_first_delta_seconds_count{bot=\"helper\",platform=\"http\"} 2")
                .contains("coze_bridge_time_to_first_delta_seconds_sum{bot=\"helper\",platform=\"http\"} 1.0")
                .contains(
                        "coze_bridge_time_to_first_delta_seconds_bucket{bot=\"helper\",platform=\"http\",le=\"+Inf\"} 2");
    }

    @Test
    void countsDeltasWritesRateLimitsErrorsAndTokens() {
        metrics.delta("helper");
        metrics.delta("helper");
        metrics.delta("helper");
        metrics.platformWrite("telegram", "edit");
        metrics.platformWrite("telegram", "send");
        metrics.platformWrite("telegram", "edit");
        metrics.platformRateLimited("discord");
        metrics.cozeError("helper", 4013);
        metrics.tokens("helper", new TokenUsage(120, 30, 150));
        metrics.tokens("helper", new TokenUsage(10, 5, 15));

        assertThat(metrics.scrape())
                .contains("coze_bridge_deltas_total{bot=\"helper\"} 3.0")
                .contains("coze_bridge_platform_writes_total{operation=\"edit\",platform=\"telegram\"} 2.0")
                .contains("coze_bridge_platform_writes_total{operation=\"send\",platform=\"telegram\"} 1.0")
                .contains("coze_bridge_platform_rate_limited_total{platform=\"discord\"} 1.0")
                .contains("coze_bridge_coze_errors_total{bot=\"helper\",code=\"4013\"} 1.0")
                .contains("coze_bridge_tokens_total{bot=\"helper\",kind=\"input\"} 130.0")
                .contains("coze_bridge_tokens_total{bot=\"helper\",kind=\"output\"} 35.0");
    }

    @Test
    void countsCozeCancelsBySentOrFailed() {
        MicrometerMetrics metrics = new MicrometerMetrics();
        metrics.cozeCancel(true);
        metrics.cozeCancel(true);
        metrics.cozeCancel(false);

        assertThat(metrics.scrape())
                .contains("coze_bridge_coze_cancels_total{outcome=\"sent\"} 2.0")
                .contains("coze_bridge_coze_cancels_total{outcome=\"failed\"} 1.0");
    }

    @Test
    void showsTheQueueDepthAsItIsWhenScrapedAndNaNWhileItCannotBeRead() {
        java.util.concurrent.atomic.AtomicInteger depth = new java.util.concurrent.atomic.AtomicInteger(3);
        java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean();
        metrics.queueDepth("helper", "telegram", () -> {
            if (broken.get()) {
                throw new IllegalStateException("database down");
            }
            return depth.get();
        });
        // registered again (a second adapter start): the first registration stays and nothing throws
        metrics.queueDepth("helper", "telegram", () -> 99);

        assertThat(metrics.scrape()).contains("coze_bridge_queue_depth{bot=\"helper\",platform=\"telegram\"} 3.0");
        depth.set(0);
        assertThat(metrics.scrape()).contains("coze_bridge_queue_depth{bot=\"helper\",platform=\"telegram\"} 0.0");
        broken.set(true);
        assertThat(metrics.scrape()).contains("coze_bridge_queue_depth{bot=\"helper\",platform=\"telegram\"} NaN");
    }

    @Test
    void countsLeaseTakeoversAndDroppedRedeliveriesPerBotAndPlatform() {
        metrics.leaseTakeover("helper", "telegram");
        metrics.leaseTakeover("helper", "telegram");
        metrics.leaseTakeover("helper", "discord");
        metrics.redeliveryDropped("helper", "telegram");

        assertThat(metrics.scrape())
                .contains("coze_bridge_lease_takeovers_total{bot=\"helper\",platform=\"telegram\"} 2.0")
                .contains("coze_bridge_lease_takeovers_total{bot=\"helper\",platform=\"discord\"} 1.0")
                .contains("coze_bridge_redeliveries_dropped_total{bot=\"helper\",platform=\"telegram\"} 1.0");
    }

    @Test
    void neverThrowsOnMissingValues() {
        metrics.reply(null, "http", null);
        metrics.tokens("helper", null);
        metrics.timeToFirstDelta("helper", "http", null);

        assertThat(metrics.scrape())
                .contains("coze_bridge_replies_total{bot=\"unknown\",platform=\"http\",status=\"unknown\"} 1.0");
    }

    @Test
    void exposesJvmMeters() {
        assertThat(metrics.scrape()).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
    }
}
