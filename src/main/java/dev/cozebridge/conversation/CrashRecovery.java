package dev.cozebridge.conversation;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.UnfinishedReply;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finalizes replies a previous process left STREAMING: the last message it sent gets the saved text without the
 * streaming marker plus an "interrupted" notice, in one edit; the turn is stored PARTIAL (FAILED without text).
 */
final class CrashRecovery {

    private static final Logger log = LoggerFactory.getLogger(CrashRecovery.class);
    static final String INTERRUPTED =
            "This answer was interrupted because the bridge restarted; please ask again if you need the rest.";
    private static final int MAX_RATE_LIMITED_RETRIES = 5;

    private final HistoryStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BridgeMetrics metrics;

    CrashRecovery(HistoryStore store, Clock clock, Sleeper sleeper, BridgeMetrics metrics) {
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
    }

    /** Finalizes {@code leftovers}, the unfinished replies of {@code adapter}'s bot and platform. */
    void recover(PlatformAdapter adapter, List<UnfinishedReply> leftovers) {
        for (UnfinishedReply reply : leftovers) {
            String text = reply.text() == null ? "" : reply.text();
            if (!reply.messages().isEmpty()) {
                finalizeMessage(adapter, reply, text);
            }
            TurnStatus status = text.isBlank() ? TurnStatus.FAILED : TurnStatus.PARTIAL;
            store.finishAssistantTurn(reply.turnId(), text, status, TokenUsage.NONE, List.of(), clock.instant());
            log.info(
                    "{}: finalized reply turn {} left unfinished by a previous run as {}",
                    reply.key(),
                    reply.turnId(),
                    status);
        }
    }

    private void finalizeMessage(PlatformAdapter adapter, UnfinishedReply reply, String text) {
        String marker = adapter.markup().streamingMarker();
        // the same layout the streamer used, so the page matches what the message shows
        List<String> pages = new ReplyLayout(new Pager(adapter.limits().maxMessageLength()), marker).streaming(text);
        int index = reply.messages().size() - 1;
        String page = pages.isEmpty() ? "" : pages.get(Math.min(index, pages.size() - 1));
        if (index >= pages.size() - 1 && !marker.isEmpty() && page.endsWith(marker)) {
            page = page.substring(0, page.length() - marker.length());
        }
        String notice = adapter.markup().notice(INTERRUPTED);
        String body = page.isBlank() ? notice : page + "\n\n" + notice;
        if (body.length() > adapter.limits().maxMessageLength()) {
            body = page;
        }
        MessageRef last = reply.messages().get(index);
        for (int attempt = 0; ; attempt++) {
            try {
                adapter.edit(last, body);
                metrics.platformWrite(adapter.platform(), "edit");
                return;
            } catch (PlatformException e) {
                if (e.kind() == PlatformException.Kind.RATE_LIMITED) {
                    metrics.platformRateLimited(adapter.platform());
                }
                if (e.kind() == PlatformException.Kind.RATE_LIMITED && attempt < MAX_RATE_LIMITED_RETRIES) {
                    try {
                        sleeper.sleep(e.retryAfter() == null ? Duration.ofSeconds(1) : e.retryAfter());
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    continue;
                }
                log.warn(
                        "{}: could not finalize reply message {} of turn {}: {}",
                        reply.key(),
                        last.messageId(),
                        reply.turnId(),
                        e.getMessage());
                return;
            }
        }
    }
}
