package dev.cozebridge.conversation;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.PlatformException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A registered adapter with the pacers of the channels it writes into. */
final class PlatformOutlet {

    private static final Logger log = LoggerFactory.getLogger(PlatformOutlet.class);

    private final PlatformAdapter adapter;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BridgeMetrics metrics;
    private final ConcurrentHashMap<String, ChannelPacer> pacers = new ConcurrentHashMap<>();

    PlatformOutlet(PlatformAdapter adapter, Clock clock, Sleeper sleeper, BridgeMetrics metrics) {
        this.adapter = adapter;
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
    }

    PlatformAdapter adapter() {
        return adapter;
    }

    ChannelPacer pacer(ReplyTarget target) {
        return pacers.computeIfAbsent(
                target.channelId(), id -> new ChannelPacer(adapter.limits().minChannelInterval(), clock, sleeper));
    }

    /**
     * Sends a one-line notice (busy, rate limited, failure) on its own virtual thread, paced with the channel's
     * other writes, so the caller (often a platform event thread) never waits.
     */
    void noticeLater(ReplyTarget target, String sentence, String context) {
        Thread.ofVirtual().name("notice " + context).start(() -> notice(target, sentence, context));
    }

    /** Sends a one-line notice now, on the calling thread; waits out one "retry after". */
    void notice(ReplyTarget target, String sentence, String context) {
        String text = adapter.markup().notice(sentence);
        for (int attempt = 0; attempt < 2; attempt++) {
            Duration retryAfter = attempt(target, text, sentence, context);
            if (retryAfter == null) {
                return;
            }
            try {
                sleeper.sleep(retryAfter);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("{}: gave up on the notice \"{}\": still rate limited", context, sentence);
    }

    /** One paced send; the platform's retry-after when it was rate limited, else null. */
    private Duration attempt(ReplyTarget target, String text, String sentence, String context) {
        ChannelPacer pacer = pacer(target);
        try {
            pacer.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        Duration retryAfter = null;
        try {
            adapter.send(target, text);
            metrics.platformWrite(adapter.platform(), "send");
        } catch (PlatformException e) {
            if (e.kind() == PlatformException.Kind.RATE_LIMITED) {
                metrics.platformRateLimited(adapter.platform());
                retryAfter = e.retryAfter() == null ? Duration.ofSeconds(1) : e.retryAfter();
            } else {
                log.warn("{}: could not send the notice \"{}\": {}", context, sentence, e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("{}: could not send the notice \"{}\"", context, sentence, e);
        } finally {
            pacer.release(retryAfter);
        }
        return retryAfter;
    }
}
