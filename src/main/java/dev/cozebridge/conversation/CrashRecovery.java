package dev.cozebridge.conversation;

import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.UnfinishedReply;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finalizes replies a previous process left STREAMING: the last message it sent gets the saved text without the
 * streaming marker plus an "interrupted" notice, in one edit; the turn is stored PARTIAL (FAILED without text).
 */
final class CrashRecovery {

    private static final Logger log = LoggerFactory.getLogger(CrashRecovery.class);

    private final HistoryStore store;
    private final Clock clock;

    CrashRecovery(HistoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Finalizes {@code leftovers}, the unfinished replies of {@code outlet}'s bot and platform. */
    void recover(PlatformOutlet outlet, Catalog catalog, List<UnfinishedReply> leftovers) {
        for (UnfinishedReply reply : leftovers) {
            String text = reply.text() == null ? "" : reply.text();
            if (!reply.messages().isEmpty()) {
                finalizeMessage(outlet, catalog, reply, text);
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

    private void finalizeMessage(PlatformOutlet outlet, Catalog catalog, UnfinishedReply reply, String text) {
        PlatformAdapter adapter = outlet.adapter();
        String marker = adapter.markup().streamingMarker();
        // the same layout the streamer used, so the page matches what the message shows
        List<String> pages = new ReplyLayout(new Pager(adapter.limits().maxMessageLength()), marker).streaming(text);
        int index = reply.messages().size() - 1;
        String page = pages.isEmpty() ? "" : pages.get(Math.min(index, pages.size() - 1));
        if (index >= pages.size() - 1 && !marker.isEmpty() && page.endsWith(marker)) {
            page = page.substring(0, page.length() - marker.length());
        }
        String notice = adapter.markup().notice(catalog.get(Text.NOTICE_INTERRUPTED));
        String body = page.isBlank() ? notice : page + "\n\n" + notice;
        if (body.length() > adapter.limits().maxMessageLength()) {
            body = page;
        }
        MessageRef last = reply.messages().get(index);
        String edited = body;
        try {
            outlet.retry().oneOff(outlet.pacer(last.channelId()), "edit", () -> {
                adapter.edit(last, edited);
                return last;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PlatformException e) {
            log.warn(
                    "{}: could not finalize reply message {} of turn {}: {}",
                    reply.key(),
                    last.messageId(),
                    reply.turnId(),
                    e.getMessage());
        }
    }
}
