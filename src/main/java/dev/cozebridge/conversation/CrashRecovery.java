package dev.cozebridge.conversation;

import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.UnfinishedReply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finalizes replies a dead process left STREAMING. The saved text is laid out as the streamer laid it out, ends
 * with an "interrupted" notice, and is shown in full: every message the reply had is edited to its final page (none
 * keeps the streaming marker), and what no message holds yet (text past a full page, a notice that does not fit)
 * goes out as new messages. A reply that had sent nothing gets its text, or the notice alone, as a new message, so
 * the question is never left unanswered. The turn is stored PARTIAL (FAILED without text).
 */
final class CrashRecovery {

    private static final Logger log = LoggerFactory.getLogger(CrashRecovery.class);

    private final HistoryStore store;
    private final Clock clock;

    CrashRecovery(HistoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Finalizes {@code leftovers}, unfinished replies of {@code outlet}'s bot and platform.
     *
     * @param target where new messages of the conversation go (its thread or topic), or null to post them in the
     *               channel of the reply's last message
     * @param questions where the questions still queued were asked, by platform message id: a reply that had sent
     *                  nothing answers its question there, quoting it, so the asker sees which one was interrupted
     */
    void recover(
            PlatformOutlet outlet,
            Catalog catalog,
            List<UnfinishedReply> leftovers,
            ReplyTarget target,
            Map<String, ReplyTarget> questions) {
        for (UnfinishedReply reply : leftovers) {
            String text = reply.text() == null ? "" : reply.text();
            ReplyTarget asked = reply.questionMessageId() == null ? null : questions.get(reply.questionMessageId());
            show(outlet, catalog, reply, text, target, asked);
            TurnStatus status = text.isBlank() ? TurnStatus.FAILED : TurnStatus.PARTIAL;
            store.finishAssistantTurn(reply.turnId(), text, status, TokenUsage.NONE, List.of(), clock.instant());
            log.info(
                    "{}: finalized reply turn {} left unfinished by a previous run as {}",
                    reply.key(),
                    reply.turnId(),
                    status);
        }
    }

    private void show(
            PlatformOutlet outlet,
            Catalog catalog,
            UnfinishedReply reply,
            String text,
            ReplyTarget target,
            ReplyTarget asked) {
        PlatformAdapter adapter = outlet.adapter();
        // the same layout the streamer used, so the pages match what the messages show
        ReplyLayout layout = new ReplyLayout(
                new Pager(adapter.limits().maxMessageLength()), adapter.markup().streamingMarker());
        layout.streaming(text);
        List<String> pages = layout.finished(text, adapter.markup().notice(catalog.get(Text.NOTICE_INTERRUPTED)));
        List<MessageRef> sent = reply.messages();
        // pages whose message is gone (deleted while the bridge was down) go out again as new messages, as a
        // streaming reply continues when an edit is refused
        List<String> fresh = new ArrayList<>();
        boolean firstGone = false;
        for (int i = 0; i < sent.size(); i++) {
            MessageRef message = sent.get(i);
            String page =
                    i < pages.size() ? pages.get(i) : adapter.markup().notice(catalog.get(Text.ANSWER_SUPERSEDED));
            try {
                outlet.retry().oneOff(outlet.pacer(message.channelId()), "edit", () -> {
                    adapter.edit(message, page);
                    return message;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (PlatformException e) {
                boolean gone = e.kind() == PlatformException.Kind.MESSAGE_GONE;
                log.warn(
                        "{}: could not finalize reply message {} of turn {}{}: {}",
                        reply.key(),
                        message.messageId(),
                        reply.turnId(),
                        gone && i < pages.size() ? "; its page goes out as a new message" : "",
                        e.getMessage());
                if (gone && i < pages.size()) {
                    fresh.add(page);
                    firstGone |= i == 0;
                }
            }
        }
        if (pages.size() > sent.size()) {
            fresh.addAll(pages.subList(sent.size(), pages.size()));
        }
        if (fresh.isEmpty()) {
            return;
        }
        // nothing of the reply is left in front of the asker: the new message quotes the question
        ReplyTarget where = asked != null && (sent.isEmpty() || firstGone)
                ? asked
                : target != null
                        ? new ReplyTarget(target.channelId(), target.threadId(), null, null, target.privateChat())
                        : sent.isEmpty()
                                ? null
                                : ReplyTarget.channel(sent.getLast().channelId());
        if (where == null) {
            log.warn(
                    "{}: reply turn {} sent nothing and its place is unknown; nothing shown",
                    reply.key(),
                    reply.turnId());
            return;
        }
        outlet.sendPages(where, fresh, List.of(), reply.key().toString());
    }
}
