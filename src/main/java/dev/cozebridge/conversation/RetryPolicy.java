package dev.cozebridge.conversation;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.platform.PlatformException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one way the core waits out a platform's "retry after": the write is repeated after the delay the platform
 * asked for (a second when it named none), paced with the channel's other writes through its
 * {@link ChannelPacer}, so a rate-limited channel is quiet for everyone writing there. A streamed reply retries
 * until its final text is delivered ({@link ReplyStreamer}); one-off writes (notices, command answers, crash
 * recovery) retry rate limits and transient failures and give up after {@link #ONE_OFF_ATTEMPTS}. Every write and every rate limit is counted here, once.
 */
final class RetryPolicy {

    static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);
    static final int ONE_OFF_ATTEMPTS = 5;

    private final BridgeMetrics metrics;
    private final String platform;

    RetryPolicy(BridgeMetrics metrics, String platform) {
        this.metrics = metrics;
        this.platform = platform;
    }

    /** Counts a successful write of {@code operation} ({@code send}, {@code edit}, {@code draft}). */
    void wrote(String operation) {
        metrics.platformWrite(platform, operation);
    }

    /** Counts a rate limit and returns how long to wait before the next write. */
    Duration delay(PlatformException rateLimited) {
        metrics.platformRateLimited(platform);
        Duration asked = rateLimited.retryAfter();
        return asked == null || asked.isNegative() || asked.isZero() ? DEFAULT_DELAY : asked;
    }

    /**
     * Performs a one-off write through the channel's pacer, repeating it after each "retry after", and a second
     * after each other failure of the write itself (a 5xx, a dropped connection), up to {@link #ONE_OFF_ATTEMPTS}
     * times.
     *
     * @throws PlatformException the last failure: a gone message or chat at once, a rate limit or failure when the
     *                           attempts are used up
     */
    <T> T oneOff(ChannelPacer pacer, String operation, Supplier<T> write) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            pacer.acquire();
            Duration retryAfter = null;
            try {
                T result = write.get();
                wrote(operation);
                return result;
            } catch (PlatformException e) {
                if (e.kind() == PlatformException.Kind.RATE_LIMITED) {
                    retryAfter = delay(e);
                } else if (e.kind() == PlatformException.Kind.FAILED) {
                    // a 5xx or a dropped connection passes; giving up here would leave a recovered reply with its
                    // streaming marker, or a notice unsent
                    retryAfter = DEFAULT_DELAY;
                } else {
                    throw e;
                }
                if (attempt >= ONE_OFF_ATTEMPTS) {
                    throw e;
                }
            } finally {
                pacer.release(retryAfter);
            }
        }
    }
}
