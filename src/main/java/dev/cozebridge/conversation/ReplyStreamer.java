package dev.cozebridge.conversation;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.config.BotSettings.DisplaySettings;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.platform.DraftPreview;
import dev.cozebridge.platform.MessageAction;
import dev.cozebridge.platform.MessageActions;
import dev.cozebridge.platform.PictureSender;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.platform.PlatformLimits;
import dev.cozebridge.platform.TypingIndicator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one answer into platform messages; one per reply, never shared.
 *
 * <p>The agent's thread hands events to {@link #accept}, which only records them and signals. {@link #run()}, on
 * the reply's own thread, makes every platform call: at most one in flight, each carrying the newest text, at
 * least {@link PlatformLimits#minReplyInterval()} after the previous write of this reply and
 * {@link PlatformLimits#minChannelInterval()} after the previous write into the channel. The first text goes
 * out as soon as it arrives; a "retry after" is waited out and the write repeated with the newest text, so the
 * final text is always delivered unless the platform says the message or channel is gone. The final layout (no
 * marker, with footnotes) is written as soon as the answer's text is complete, not at the end of the chat; the end
 * only adds what changed the message since (the suggestions' buttons, a failure notice).
 *
 * <p>On platforms with buttons ({@link MessageActions}) the streaming page carries a Stop button and the final
 * page Coze's suggestions; with {@link PictureSender} the answer's images follow the final text as pictures, their
 * Markdown taken out of it (and put back for a picture the platform refused). The model's reasoning and a running
 * plugin's status show on the streaming page only. What shows is the bot's {@link DisplaySettings}.
 */
public final class ReplyStreamer implements Consumer<AgentEvent> {

    private static final Logger log = LoggerFactory.getLogger(ReplyStreamer.class);
    /** Consecutive failed writes after which the reply stops writing. */
    private static final int MAX_FAILED_WRITES = 3;

    /** Where the engine keeps a reply's progress, so a crash can be finalized on the next start. */
    public interface Progress {
        /** A platform message of this reply now exists. */
        void messageSent(MessageRef message);

        /** The answer text the platform messages now show (without marker, notice or footnotes). */
        void textShown(String text);

        Progress NONE = new Progress() {
            @Override
            public void messageSent(MessageRef message) {}

            @Override
            public void textShown(String text) {}
        };
    }

    /**
     * How a reply ended.
     *
     * @param text      the answer text (without marker, notice or footnotes)
     * @param status    COMPLETE, PARTIAL (text but cut short), FAILED, or CANCELLED (no text, or stopped by a user)
     * @param failure   why it ended early, or null
     * @param citations the sources shown, deduplicated
     * @param messages  the platform messages the reply was sent as
     * @param followUps the suggested next questions Coze sent
     * @param gone      true when the platform refused further writes
     */
    public record Result(
            String text,
            TurnStatus status,
            AgentFailure failure,
            TokenUsage usage,
            List<Citation> citations,
            List<String> followUps,
            List<MessageRef> messages,
            boolean gone) {}

    /**
     * What a reply shows besides its text, and the buttons it may issue.
     *
     * @param display the bot's display settings
     * @param buttons issues the Stop and suggestion buttons
     */
    public record Options(DisplaySettings display, ReplyButtons buttons) {
        /** Text, notices and footnotes only. */
        public static final Options PLAIN =
                new Options(new DisplaySettings(false, false, false, false, 0, Duration.ofHours(1)), ReplyButtons.NONE);
    }

    private enum Op {
        SEND,
        EDIT,
        DRAFT,
        PICTURES
    }

    private record Write(Op op, int page, String text, List<MessageAction> actions) {}

    private final PlatformAdapter adapter;
    private final ReplyTarget target;
    private final ChannelPacer channel;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BridgeMetrics metrics;
    private final Progress progress;
    private final long draftId;
    private final String context;
    private final Catalog catalog;
    private final RetryPolicy retry;
    private final ReplyState state;
    private final ReplyLayout layout;
    private final Duration replyInterval;
    private final Duration typingRenewal;
    private final TypingIndicator typing;
    private final DraftPreview drafts;
    private final ReplyExtras extras;
    private final MessageActions buttons;
    private final Instant startedAt;
    private final String marker;

    private final List<MessageRef> refs = new ArrayList<>();
    private final List<String> shown = new ArrayList<>();
    private final List<List<MessageAction>> shownActions = new ArrayList<>();
    private String shownDraft;
    private String savedText = "";
    private MessageRef unrecordedMessage;
    private String unsavedText;
    private Instant notBefore = Instant.MIN;
    private int failedWrites;
    private int abandoned;
    private boolean gone;

    /**
     * @param channel  the pacer of the channel {@code target} is in, shared with every reply there
     * @param catalog  the bot's sentences, for the notices under an answer
     * @param draftId  a non-zero id stable for this reply (used for draft previews)
     * @param context  how logs name this reply: conversation key and platform message id
     */
    public ReplyStreamer(
            PlatformAdapter adapter,
            ReplyTarget target,
            ChannelPacer channel,
            Clock clock,
            Sleeper sleeper,
            BridgeMetrics metrics,
            Progress progress,
            Catalog catalog,
            long draftId,
            String context) {
        this(adapter, target, channel, clock, sleeper, metrics, progress, catalog, draftId, context, Options.PLAIN);
    }

    /** With buttons, pictures, reasoning and tool status as {@code options} say. */
    public ReplyStreamer(
            PlatformAdapter adapter,
            ReplyTarget target,
            ChannelPacer channel,
            Clock clock,
            Sleeper sleeper,
            BridgeMetrics metrics,
            Progress progress,
            Catalog catalog,
            long draftId,
            String context,
            Options options) {
        this.adapter = adapter;
        this.catalog = catalog;
        this.retry = new RetryPolicy(metrics, adapter.platform());
        this.target = target;
        this.channel = channel;
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
        this.progress = progress;
        this.draftId = draftId;
        this.context = context;
        PlatformLimits limits = adapter.limits();
        this.state = new ReplyState(clock, metrics, adapter.bot());
        this.layout = new ReplyLayout(
                new Pager(limits.maxMessageLength()), adapter.markup().streamingMarker());
        this.replyInterval = limits.minReplyInterval() == null ? Duration.ZERO : limits.minReplyInterval();
        this.typingRenewal = limits.typingRenewal();
        this.typing = adapter instanceof TypingIndicator t ? t : null;
        this.drafts = adapter instanceof DraftPreview d && d.draftsFor(target) ? d : null;
        this.extras = new ReplyExtras(adapter, options.display(), options.buttons(), catalog, context);
        this.buttons = extras.buttons();
        this.startedAt = clock.instant();
        this.marker = adapter.markup().streamingMarker() == null
                ? ""
                : adapter.markup().streamingMarker();
    }

    /**
     * Writes this reply into the messages of an earlier one (an edited question's new answer) instead of sending
     * new ones: page {@code i} edits {@code previous.get(i)}; earlier pages the new answer no longer needs say so.
     * Call before {@link #run()}.
     */
    public void continueIn(List<MessageRef> previous) {
        if (!refs.isEmpty()) {
            throw new IllegalStateException("continueIn after the reply started");
        }
        refs.addAll(previous);
        for (int i = 0; i < previous.size(); i++) {
            // what they show is unknown, so each is written once at least
            shown.add(null);
            shownActions.add(null);
        }
    }

    /** Records an agent event; called on the agent's thread, returns at once. */
    @Override
    public void accept(AgentEvent event) {
        state.onEvent(event);
    }

    /**
     * Ends the reply from our side (shutdown): it is finalized with what it has and {@code sentence} as notice.
     * Returns false when the agent had already ended it.
     */
    public boolean abort(String sentence) {
        return state.abort(sentence);
    }

    /**
     * Ends the reply because someone stopped it: finalized with what it has and {@code sentence} as notice, and
     * reported as CANCELLED. Returns false when it had already ended.
     */
    public boolean stop(String sentence) {
        return state.stop(sentence);
    }

    /**
     * Writes the reply until the agent's last event is shown; returns how it ended. Blocks the calling thread.
     *
     * @throws InterruptedException when the thread is interrupted; the reply is then left as it is
     */
    public Result run() throws InterruptedException {
        Instant nextTyping = null;
        if (typing != null) {
            showTyping();
            nextTyping = typingRenewal == null ? null : clock.instant().plus(typingRenewal);
        }
        while (true) {
            ReplyState.Snapshot snapshot = state.snapshot();
            if (snapshot.terminal() && !gone) {
                // stores the suggestions' buttons before the channel is taken, so storage holds up no other reply
                extras.finalActions(snapshot);
            }
            Write write = gone ? null : nextWrite(snapshot);
            if (write == null) {
                if (snapshot.terminal()) {
                    return result(snapshot);
                }
                boolean waitingForText = refs.isEmpty() && shownDraft == null && nextTyping != null;
                if (!state.awaitChange(snapshot.version(), waitingForText ? nextTyping : null)) {
                    showTyping();
                    nextTyping = clock.instant().plus(typingRenewal);
                }
                continue;
            }
            if (clock.instant().isBefore(notBefore)) {
                // text keeps arriving while we wait; the write after the gap takes the newest
                sleeper.sleepUntil(clock, notBefore);
                continue;
            }
            writeOnce();
        }
    }

    /** One paced platform write of the newest state. */
    private void writeOnce() throws InterruptedException {
        channel.acquire();
        boolean wrote = false;
        Duration retryAfter = null;
        try {
            // waiting for the channel may have taken a while: write what is newest now
            ReplyState.Snapshot snapshot = state.snapshot();
            Write write = nextWrite(snapshot);
            if (write != null) {
                wrote = true;
                retryAfter = perform(write, snapshot);
            }
        } finally {
            if (wrote) {
                channel.release(retryAfter);
                Duration wait =
                        retryAfter != null && retryAfter.compareTo(replyInterval) > 0 ? retryAfter : replyInterval;
                notBefore = clock.instant().plus(wait);
            } else {
                channel.releaseUnused();
            }
        }
        // after the channel is free again, so storage never holds up other replies there
        if (unrecordedMessage != null) {
            progress.messageSent(unrecordedMessage);
            unrecordedMessage = null;
        }
        if (unsavedText != null) {
            progress.textShown(unsavedText);
            unsavedText = null;
        }
    }

    /** Performs a write; returns the platform's retry-after when it was rate limited, else null. */
    private Duration perform(Write write, ReplyState.Snapshot snapshot) {
        try {
            switch (write.op()) {
                case SEND -> {
                    MessageRef ref = buttons != null
                            ? buttons.send(target, write.text(), write.actions())
                            : adapter.send(target, write.text());
                    retry.wrote("send");
                    refs.add(ref);
                    shown.add(write.text());
                    shownActions.add(write.actions());
                    unrecordedMessage = ref;
                }
                case EDIT -> {
                    if (buttons != null) {
                        buttons.edit(refs.get(write.page()), write.text(), write.actions());
                    } else {
                        adapter.edit(refs.get(write.page()), write.text());
                    }
                    retry.wrote("edit");
                    shown.set(write.page(), write.text());
                    shownActions.set(write.page(), write.actions());
                }
                case DRAFT -> {
                    drafts.draft(target, draftId, write.text());
                    retry.wrote("draft");
                    shownDraft = write.text();
                }
                case PICTURES -> {
                    extras.sendPictures(target);
                    retry.wrote("pictures");
                }
            }
            failedWrites = 0;
            if ((write.op() == Op.SEND || write.op() == Op.EDIT)
                    && !snapshot.text().equals(savedText)) {
                savedText = snapshot.text();
                unsavedText = savedText;
            }
            return null;
        } catch (PlatformException e) {
            if (write.op() == Op.PICTURES && e.kind() == PlatformException.Kind.FAILED) {
                extras.picturesFailed(e.getMessage());
                return null;
            }
            return failedWrite(write, e);
        }
    }

    private Duration failedWrite(Write write, PlatformException e) {
        switch (e.kind()) {
            case RATE_LIMITED -> {
                Duration delay = retry.delay(e);
                log.debug("{}: {} rate limited, retrying after {}", context, write.op(), delay);
                return delay;
            }
            case MESSAGE_GONE -> {
                if (write.op() == Op.EDIT) {
                    // the chat is still writable: the answer goes on in a new message from this page on
                    log.warn(
                            "{}: the platform refused to edit reply message {} ({}); continuing in a new message",
                            context,
                            refs.get(write.page()).messageId(),
                            e.getMessage());
                    abandonFrom(write.page());
                    return null;
                }
                gone = true;
                log.warn("{}: stopped writing the reply, the platform says it is gone: {}", context, e.getMessage());
                return null;
            }
            case GONE -> {
                gone = true;
                if (e.reported()) { // the adapter named the missing permission once for the channel
                    log.debug("{}: stopped writing the reply: {}", context, e.getMessage());
                } else {
                    log.warn(
                            "{}: stopped writing the reply, the platform says it is gone: {}", context, e.getMessage());
                }
                return null;
            }
            default -> {
                if (++failedWrites >= MAX_FAILED_WRITES) {
                    gone = true;
                    log.error("{}: stopped writing the reply after {} failed writes", context, failedWrites, e);
                } else {
                    log.warn("{}: {} failed, will retry: {}", context, write.op(), e.getMessage());
                }
                return null;
            }
        }
    }

    /**
     * Forgets the messages from {@code page} on, so the next writes send those pages anew. Bounded: a platform that
     * refuses every edit gets a new message per page at most {@value #MAX_FAILED_WRITES} times, then the reply stops.
     */
    private void abandonFrom(int page) {
        if (++abandoned > MAX_FAILED_WRITES) {
            gone = true;
            log.error("{}: stopped writing the reply after {} refused edits", context, abandoned);
            return;
        }
        while (refs.size() > page) {
            refs.removeLast();
            shown.removeLast();
            shownActions.removeLast();
        }
    }

    /** The first write that brings the platform closer to the newest state, or null when it shows it already. */
    private Write nextWrite(ReplyState.Snapshot snapshot) {
        // the final layout goes out as soon as the answer's text is complete; the suggestions' buttons follow at
        // the end of the chat, in one more edit only when there are any
        boolean finished = snapshot.finished();
        List<String> pages = finished
                ? layout.finished(extras.finalText(snapshot), tail(snapshot))
                : layout.streaming(snapshot.text(), extras.header(snapshot), extras.status(snapshot));
        for (int i = 0; i < pages.size(); i++) {
            String page = pages.get(i);
            boolean last = i == pages.size() - 1;
            boolean live = last && !finished;
            if (drafts != null && live && i >= shown.size()) {
                return page.equals(shownDraft) ? null : new Write(Op.DRAFT, i, page, List.of());
            }
            List<MessageAction> actions = extras.actionsFor(snapshot, last, live);
            if (i >= shown.size()) {
                // A new message goes out without the streaming marker: until its id is recorded, a crash would leave
                // a marker nobody can remove. The next edit, after the id is stored, adds it.
                String bare = live ? unmarked(page) : page;
                return new Write(Op.SEND, i, bare.isEmpty() ? page : bare, actions);
            }
            // an edit that only adds the marker is due too: when Coze pauses (a plugin, a long thought) right after
            // the first send, the marker is what tells the reader the answer is not done; it waits for the reply's
            // pace like any edit, so an answer that goes on or ends by then takes its place
            if (!actions.equals(shownActions.get(i)) || !page.equals(shown.get(i))) {
                return new Write(Op.EDIT, i, page, actions);
            }
        }
        if (finished && shown.size() > pages.size()) {
            // an earlier, longer answer's last pages: the edited question's answer no longer uses them
            String leftover = adapter.markup().notice(catalog.get(Text.ANSWER_SUPERSEDED));
            for (int i = Math.max(1, pages.size()); i < shown.size(); i++) {
                if (!leftover.equals(shown.get(i)) || !List.of().equals(shownActions.get(i))) {
                    return new Write(Op.EDIT, i, leftover, List.of());
                }
            }
        }
        if (finished && extras.picturesDue() && !refs.isEmpty()) {
            return new Write(Op.PICTURES, pages.size(), "", List.of());
        }
        return null;
    }

    /**
     * A page without the streaming marker. A page that only adds the marker to what its message shows is not worth
     * a write of its own (a message goes out without it; the next write with new text adds it); removing it is.
     */
    private String unmarked(String page) {
        if (page == null || marker.isEmpty() || !page.endsWith(marker)) {
            return page;
        }
        return page.substring(0, page.length() - marker.length()).stripTrailing();
    }

    /** Notice and footnotes after the final answer. */
    private String tail(ReplyState.Snapshot snapshot) {
        List<String> parts = new ArrayList<>(2);
        String notice = notice(snapshot);
        if (notice != null) {
            parts.add(adapter.markup().notice(notice));
        }
        List<Citation> sources = snapshot.sources();
        if (!sources.isEmpty()) {
            parts.add(adapter.markup().footnotes(sources));
        }
        return String.join("\n\n", parts);
    }

    private String notice(ReplyState.Snapshot snapshot) {
        if (snapshot.notice() != null) {
            return snapshot.notice();
        }
        if (snapshot.failure() != null) {
            if (snapshot.failure().kind() == FailureKind.ACTION_REQUIRED && snapshot.actionQuestion() != null) {
                return catalog.get(Text.NOTICE_ACTION_REQUIRED_QUESTION, snapshot.actionQuestion());
            }
            return catalog.failure(snapshot.failure().kind());
        }
        return snapshot.text().isBlank() ? catalog.failure(FailureKind.OTHER) : null;
    }

    private void showTyping() {
        try {
            typing.typing(target);
        } catch (RuntimeException e) {
            log.debug("{}: typing indicator failed: {}", context, e.getMessage());
        }
    }

    private Result result(ReplyState.Snapshot snapshot) {
        boolean hasText = !snapshot.text().isBlank();
        AgentFailure failure = snapshot.failure();
        if (failure == null && !hasText) {
            failure = new AgentFailure(FailureKind.OTHER, 0, "the agent finished with an empty answer", null);
        }
        TurnStatus status;
        if (snapshot.stopped()) {
            status = TurnStatus.CANCELLED;
        } else if (failure == null) {
            status = TurnStatus.COMPLETE;
        } else if (hasText) {
            status = TurnStatus.PARTIAL;
        } else {
            status = failure.kind() == FailureKind.CANCELLED ? TurnStatus.CANCELLED : TurnStatus.FAILED;
        }
        if (snapshot.firstDeltaAt() != null) {
            metrics.timeToFirstDelta(
                    adapter.bot(), adapter.platform(), Duration.between(startedAt, snapshot.firstDeltaAt()));
        }
        if (snapshot.failure() != null && snapshot.notice() == null) {
            metrics.cozeError(adapter.bot(), snapshot.failure().code());
        }
        if (!TokenUsage.NONE.equals(snapshot.usage())) {
            metrics.tokens(adapter.bot(), snapshot.usage());
        }
        metrics.reply(adapter.bot(), adapter.platform(), status);
        return new Result(
                snapshot.text(),
                status,
                failure,
                snapshot.usage(),
                snapshot.sources(),
                snapshot.followUps(),
                List.copyOf(refs),
                gone);
    }
}
