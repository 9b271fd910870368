package dev.cozebridge.core;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * What the bridge counts. The core and the adapters report through this; the HTTP side exposes it as
 * Prometheus metrics. Implementations are thread-safe and never throw.
 */
public interface BridgeMetrics {
    /** A reply ended with this status. */
    void reply(String bot, String platform, TurnStatus status);

    /** Time from the request to Coze until its first text delta. */
    void timeToFirstDelta(String bot, String platform, Duration elapsed);

    /** One text delta received from Coze. */
    void delta(String bot);

    /** One platform write; {@code operation} is {@code send}, {@code edit} or {@code draft}. */
    void platformWrite(String platform, String operation);

    /** The platform answered "rate limited, retry after". */
    void platformRateLimited(String platform);

    /** Coze failed with this code (0 when it had none). */
    void cozeError(String bot, int code);

    /** Tokens Coze reported for one chat. */
    void tokens(String bot, TokenUsage usage);

    /**
     * The bridge told Coze to cancel a chat ({@code POST /v3/chat/cancel}); {@code sent} when Coze answered it,
     * false when it could not be delivered.
     */
    void cozeCancel(boolean sent);

    /**
     * Shows how many messages of the bot on the platform wait in the shared queue, as {@code depth} reports when
     * asked (at every scrape); registering the same bot and platform again replaces nothing.
     */
    void queueDepth(String bot, String platform, IntSupplier depth);

    /** This instance took over a conversation whose lease another instance let expire. */
    void leaseTakeover(String bot, String platform);

    /** A platform delivered an event again (a webhook retry, one update at two instances); it was dropped. */
    void redeliveryDropped(String bot, String platform);

    BridgeMetrics NOOP = new BridgeMetrics() {
        @Override
        public void reply(String bot, String platform, TurnStatus status) {}

        @Override
        public void timeToFirstDelta(String bot, String platform, Duration elapsed) {}

        @Override
        public void delta(String bot) {}

        @Override
        public void platformWrite(String platform, String operation) {}

        @Override
        public void platformRateLimited(String platform) {}

        @Override
        public void cozeError(String bot, int code) {}

        @Override
        public void tokens(String bot, TokenUsage usage) {}

        @Override
        public void cozeCancel(boolean sent) {}

        @Override
        public void queueDepth(String bot, String platform, IntSupplier depth) {}

        @Override
        public void leaseTakeover(String bot, String platform) {}

        @Override
        public void redeliveryDropped(String bot, String platform) {}
    };
}
