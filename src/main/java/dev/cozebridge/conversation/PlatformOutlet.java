package dev.cozebridge.conversation;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.MessageAction;
import dev.cozebridge.platform.MessageActions;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.PlatformException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A registered adapter with the pacers of the channels it writes into and the core's retry policy for it. */
final class PlatformOutlet {

    private static final Logger log = LoggerFactory.getLogger(PlatformOutlet.class);

    private final PlatformAdapter adapter;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy retry;
    private final ConcurrentHashMap<String, ChannelPacer> pacers = new ConcurrentHashMap<>();

    PlatformOutlet(PlatformAdapter adapter, Clock clock, Sleeper sleeper, BridgeMetrics metrics) {
        this.adapter = adapter;
        this.clock = clock;
        this.sleeper = sleeper;
        this.retry = new RetryPolicy(metrics, adapter.platform());
    }

    PlatformAdapter adapter() {
        return adapter;
    }

    RetryPolicy retry() {
        return retry;
    }

    ChannelPacer pacer(ReplyTarget target) {
        return pacer(target.channelId());
    }

    ChannelPacer pacer(String channelId) {
        return pacers.computeIfAbsent(channelId, id -> new ChannelPacer(adapter.channelInterval(id), clock, sleeper));
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
        send(target, adapter.markup().notice(sentence), "the notice", context);
    }

    /** Sends a command's answer (Markdown) on its own virtual thread, paced like every other write. */
    void respondLater(ReplyTarget target, String markdown, String context) {
        Thread.ofVirtual()
                .name("respond " + context)
                .start(() -> send(target, markdown, "the command answer", context));
    }

    /** The platform's buttons, or null when it has none. */
    MessageActions actions() {
        return adapter instanceof MessageActions a ? a : null;
    }

    /**
     * Sends a message of the core's own (a greeting, the rest of an interrupted answer) as pages, now, on the calling
     * thread; the last page carries {@code actions} when the platform has buttons. A page that cannot be sent ends
     * the message there (the log names the page).
     */
    void sendPages(ReplyTarget target, List<String> pages, List<MessageAction> actions, String context) {
        MessageActions buttons = actions();
        for (int i = 0; i < pages.size(); i++) {
            String page = pages.get(i);
            List<MessageAction> these = i == pages.size() - 1 ? actions : List.of();
            try {
                retry.oneOff(
                        pacer(target),
                        "send",
                        () -> buttons != null && !these.isEmpty()
                                ? buttons.send(target, page, these)
                                : adapter.send(target, page));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn(
                        "{}: could not send page {} of {} \"{}\": {}",
                        context,
                        i + 1,
                        pages.size(),
                        abbreviate(page),
                        e.getMessage());
                return;
            }
        }
    }

    /** Removes a message's buttons on its own virtual thread, paced like every other write. */
    void clearActionsLater(MessageRef message, String context) {
        MessageActions buttons = actions();
        if (buttons == null) {
            return;
        }
        Thread.ofVirtual().name("buttons " + context).start(() -> {
            try {
                retry.oneOff(pacer(message.channelId()), "edit", () -> {
                    buttons.clearActions(message);
                    return message;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn(
                        "{}: could not remove the buttons of message {}: {}",
                        context,
                        message.messageId(),
                        e.getMessage());
            }
        });
    }

    private void send(ReplyTarget target, String text, String what, String context) {
        try {
            retry.oneOff(pacer(target), "send", () -> adapter.send(target, text));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PlatformException e) {
            if (e.reported()) { // the adapter named the missing permission once for the channel
                log.debug("{}: could not send {}: {}", context, what, e.getMessage());
                return;
            }
            log.warn("{}: could not send {} \"{}\": {}", context, what, abbreviate(text), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("{}: could not send {} \"{}\"", context, what, abbreviate(text), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }
}
