package dev.cozebridge.conversation;

import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.PlatformAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/** A registered adapter with the pacers of the channels it writes into. */
final class PlatformOutlet {

    private static final Logger log = LoggerFactory.getLogger(PlatformOutlet.class);

    private final PlatformAdapter adapter;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ConcurrentHashMap<String, ChannelPacer> pacers = new ConcurrentHashMap<>();

    PlatformOutlet(PlatformAdapter adapter, Clock clock, Sleeper sleeper) {
        this.adapter = adapter;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    PlatformAdapter adapter() {
        return adapter;
    }

    ChannelPacer pacer(ReplyTarget target) {
        return pacers.computeIfAbsent(target.channelId(),
                id -> new ChannelPacer(adapter.limits().minChannelInterval(), clock, sleeper));
    }

    /**
     * Sends a one-line notice (busy, rate limited, failure) on its own virtual thread, paced with the channel's
     * other writes, so the caller (often a platform event thread) never waits.
     */
    void noticeLater(ReplyTarget target, String sentence, String context) {
        Thread.ofVirtual().name("notice " + context).start(() -> notice(target, sentence, context));
    }

    /** Sends a one-line notice now, on the calling thread. */
    void notice(ReplyTarget target, String sentence, String context) {
        ChannelPacer pacer = pacer(target);
        try {
            pacer.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        boolean sent = false;
        try {
            adapter.send(target, adapter.markup().notice(sentence));
            sent = true;
        } catch (RuntimeException e) {
            log.warn("{}: could not send the notice \"{}\": {}", context, sentence, e.getMessage());
        } finally {
            if (sent) {
                pacer.release(null);
            } else {
                pacer.releaseUnused();
            }
        }
    }
}
