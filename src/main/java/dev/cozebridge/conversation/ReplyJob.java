package dev.cozebridge.conversation;

import dev.cozebridge.agent.AgentCall;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Cut;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.platform.MessageAction;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.LastExchange;
import dev.cozebridge.store.StoredTurn;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one inbound message on its conversation's worker thread: dedupe and store it, fetch and upload its files,
 * build the history window, stream the agent's answer through a {@link ReplyStreamer}, store the outcome. An edited
 * question is answered again in the messages of its earlier answer.
 */
final class ReplyJob {

    private static final Logger log = LoggerFactory.getLogger(ReplyJob.class);
    /** Coze's limit on a meta_data value. */
    private static final int META_VALUE_MAX = 512;
    /** The longest transcript shown back to the user; it is one short line. */
    private static final int HEARD_MAX = 200;

    private static final String MAX_TEXT = "%,d".formatted(HistoryStore.MAX_TEXT_CHARS);

    /** A reply being written, as the shutdown and a Stop see it. */
    static final class Running {
        final ReplyStreamer streamer;
        final Catalog catalog;
        final ConversationKey key;
        /** Who asked: they may stop it. */
        final String askerId;

        volatile AgentCall call;

        Running(ReplyStreamer streamer, Catalog catalog, ConversationKey key, String askerId) {
            this.streamer = streamer;
            this.catalog = catalog;
            this.key = key;
            this.askerId = askerId;
        }

        /**
         * Stops the reply because someone asked to: it keeps its text, says it was stopped, and the chat is cancelled
         * at Coze and its stream closed (a cancel alone does not end Coze's stream).
         */
        void stop() {
            streamer.stop(catalog.get(Text.NOTICE_STOPPED));
            AgentCall c = call;
            if (c != null) {
                c.cancel();
            }
        }

        /** Finalizes the reply now because the bridge is shutting down. */
        void abortForShutdown() {
            abort(catalog.get(Text.NOTICE_SHUTTING_DOWN));
        }

        /** Finalizes the reply now with {@code sentence} and stops the agent. */
        void abort(String sentence) {
            streamer.abort(sentence);
            AgentCall c = call;
            if (c != null) {
                c.cancel();
            }
        }
    }

    /** What a job needs from the service. */
    interface Registry {
        /**
         * Creates the assistant turn through {@code beginTurn} so that crash recovery, running at the same time,
         * never takes it for a leftover of a previous process.
         */
        long begin(LongSupplier beginTurn);

        void started(long turnId, Running running);

        /** The reply is over (also when it failed or was interrupted). */
        void ended(long turnId);
    }

    private final InboundMessage message;
    private final BotRuntime bot;
    private final PlatformOutlet outlet;
    private final HistoryStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BridgeMetrics metrics;
    private final Registry registry;
    private final Buttons buttons;
    private final String context;

    ReplyJob(
            InboundMessage message,
            BotRuntime bot,
            PlatformOutlet outlet,
            HistoryStore store,
            Clock clock,
            Sleeper sleeper,
            BridgeMetrics metrics,
            Registry registry,
            Buttons buttons) {
        this.message = message;
        this.bot = bot;
        this.outlet = outlet;
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
        this.registry = registry;
        this.buttons = buttons;
        this.context = message.key() + " message " + message.platformMessageId();
    }

    /**
     * Prepares the answer on the conversation's worker thread: stores the question (or finds it stored by an earlier
     * run of the same queued message), fetches and uploads its files, reads the history window and begins the
     * assistant turn. Returns the streaming of the answer, to run next, or null when there is nothing to stream
     * (answered already, refused or failed with a notice).
     */
    Runnable prepare() {
        if (message.text().length() > HistoryStore.MAX_TEXT_CHARS) {
            // The history cannot keep it, so it cannot be answered: say what the limit is rather than fail.
            log.info(
                    "{}: {} characters, over the limit of {}",
                    context,
                    message.text().length(),
                    MAX_TEXT);
            outlet.notice(
                    message.replyTarget(),
                    catalog()
                            .get(
                                    Text.NOTICE_TOO_LONG,
                                    "%,d".formatted(message.text().length()),
                                    MAX_TEXT),
                    context);
            return null;
        }
        if (message.edited()) {
            return reask();
        }
        long turnId;
        long userTurnId = 0;
        List<AgentMessage> history;
        QuestionMedia media = new QuestionMedia(bot, outlet.adapter(), clock);
        try {
            // voice becomes text, so only other files call for the default prompt beside them
            boolean files = message.attachments().stream().anyMatch(a -> a.kind() != Attachment.Kind.AUDIO);
            String text = media.text(message, files);
            Optional<Long> stored = store.appendUserTurn(
                    message.key(), message.author(), text, message.platformMessageId(), message.receivedAt());
            if (stored.isEmpty()) {
                Optional<HistoryStore.StoredQuestion> earlier =
                        store.question(message.key(), message.platformMessageId());
                if (earlier.isEmpty()
                        || earlier.get().answerBegun()
                        || earlier.get().status() != TurnStatus.COMPLETE) {
                    log.debug("{}: replayed event, already answered", context);
                    return null;
                }
                // an earlier run stored the question and died before its answer began: continue from there
                log.info("{}: question stored by an earlier run but never answered; answering it now", context);
                userTurnId = earlier.get().turnId();
            } else {
                userTurnId = stored.get();
            }
            if (!prepared(media, userTurnId, text)) {
                return null;
            }
            history = window();
            long user = userTurnId;
            turnId = registry.begin(() -> store.beginAssistantTurn(message.key(), user, clock.instant()));
        } catch (InterruptedException e) {
            log.warn("{}: interrupted while fetching the files of the question", context);
            if (userTurnId != 0) {
                markUserFailed(userTurnId);
            }
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            log.error("{}: could not store the message", context, e);
            if (userTurnId != 0) {
                markUserFailed(userTurnId);
            }
            outlet.notice(message.replyTarget(), catalog().get(Text.NOTICE_SOMETHING_WENT_WRONG), context);
            return null;
        }
        long user = userTurnId;
        long turn = turnId;
        return () -> answer(user, turn, history, List.of());
    }

    /**
     * Fetches, transcribes and uploads the question's files and stores what the question became. False when it
     * is not asked: the turn is then FAILED with its text and the user has had one notice.
     */
    private boolean prepared(QuestionMedia media, long userTurnId, String storedText) throws InterruptedException {
        QuestionMedia.Outcome outcome = media.prepare(message);
        if (outcome instanceof QuestionMedia.Refused refused) {
            if (refused.failure()) {
                log.warn("{}: question not asked: {}", context, refused.reason());
            } else {
                log.info("{}: question not asked: {}", context, refused.reason());
            }
            markUserFailed(userTurnId);
            outlet.notice(message.replyTarget(), refused.notice(), context);
            return false;
        }
        QuestionMedia.Ready ready = (QuestionMedia.Ready) outcome;
        store.addFiles(userTurnId, ready.files());
        if (!ready.text().equals(storedText)) {
            store.reviseUserTurn(userTurnId, ready.text());
        }
        if (ready.heard() != null) {
            outlet.notice(message.replyTarget(), catalog().get(Text.VOICE_HEARD, oneLine(ready.heard())), context);
        }
        return true;
    }

    /**
     * An edited question: when it is the conversation's latest and still within the edit window, its stored text
     * is replaced and the answer is written again into the messages of the earlier one.
     */
    private Runnable reask() {
        long turnId;
        long userTurnId;
        List<MessageRef> previous;
        List<AgentMessage> history;
        try {
            Optional<LastExchange> last = store.lastExchange(message.key());
            if (last.isEmpty()
                    || !message.platformMessageId().equals(last.get().question().platformMessageId())) {
                log.debug("{}: edit of a message that is not the latest question; not asked again", context);
                return null;
            }
            StoredTurn question = last.get().question();
            if (clock.instant().isAfter(question.at().plus(bot.settings().editWindow()))) {
                log.debug(
                        "{}: edited after the edit window of {}; not asked again",
                        context,
                        bot.settings().editWindow());
                return null;
            }
            QuestionMedia.Outcome outcome = new QuestionMedia(bot, outlet.adapter(), clock)
                    .edited(message, !question.files().isEmpty());
            if (outcome instanceof QuestionMedia.Refused refused) {
                log.warn("{}: edited question not asked again: {}", context, refused.reason());
                outlet.notice(message.replyTarget(), refused.notice(), context);
                return null;
            }
            String text = ((QuestionMedia.Ready) outcome).text();
            if (!message.asksSomething() || text.equals(question.text())) {
                log.debug("{}: edit without a change to the question", context);
                return null;
            }
            userTurnId = question.id();
            store.reviseUserTurn(userTurnId, text);
            long answered = last.get().answerTurnId();
            if (answered == 0) {
                previous = List.of();
                turnId = registry.begin(() -> store.beginAssistantTurn(message.key(), userTurnId, clock.instant()));
            } else {
                previous = last.get().answerMessages();
                turnId = registry.begin(() -> {
                    store.reopenAssistantTurn(answered);
                    return answered;
                });
            }
            history = window();
        } catch (InterruptedException e) {
            log.warn("{}: interrupted while transcribing the edited question", context);
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            log.error("{}: could not store the edited question", context, e);
            outlet.notice(message.replyTarget(), catalog().get(Text.NOTICE_SOMETHING_WENT_WRONG), context);
            return null;
        }
        log.info("{}: question edited; answering it again in {} earlier message(s)", context, previous.size());
        long user = userTurnId;
        long turn = turnId;
        List<MessageRef> earlier = previous;
        return () -> answer(user, turn, history, earlier);
    }

    private List<AgentMessage> window() {
        BotSettings.HistorySettings window = bot.settings().history();
        return HistoryWindow.messages(
                store.window(message.key(), window.maxTurns(), window.maxChars()),
                message.multiUser(),
                catalog(),
                clock.instant());
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return Cut.withEllipsis(flat, HEARD_MAX);
    }

    /** @param previous the messages of an earlier answer to write this one into (an edited question), or none */
    private void answer(long userTurnId, long turnId, List<AgentMessage> history, List<MessageRef> previous) {
        ReplyStreamer streamer = new ReplyStreamer(
                outlet.adapter(),
                message.replyTarget(),
                outlet.pacer(message.replyTarget()),
                clock,
                sleeper,
                metrics,
                progress(turnId),
                catalog(),
                turnId,
                context,
                new ReplyStreamer.Options(bot.settings().display(), replyButtons(turnId)));
        if (!previous.isEmpty()) {
            streamer.continueIn(previous);
        }
        Running running =
                new Running(streamer, catalog(), message.key(), message.author().id());
        registry.started(turnId, running);
        try {
            running.call = bot.agent().start(request(history), streamer);
            ReplyStreamer.Result result = streamer.run();
            finish(userTurnId, turnId, result);
        } catch (InterruptedException e) {
            // left STREAMING on purpose: the next start's recovery finalizes it with what was saved
            AgentCall call = running.call;
            if (call != null) {
                call.cancel();
            }
            log.warn("{}: reply interrupted by shutdown; recovery will finalize it", context);
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("{}: reply failed unexpectedly", context, e);
            AgentCall call = running.call;
            if (call != null) {
                call.cancel();
            }
            markFailed(userTurnId, turnId);
            outlet.notice(message.replyTarget(), catalog().get(Text.NOTICE_SOMETHING_WENT_WRONG), context);
        } finally {
            registry.ended(turnId);
        }
    }

    private void finish(long userTurnId, long turnId, ReplyStreamer.Result result) {
        try {
            store.finishAssistantTurn(
                    turnId, result.text(), result.status(), result.usage(), result.citations(), clock.instant());
            if (result.status() == TurnStatus.FAILED || result.status() == TurnStatus.CANCELLED) {
                // an unanswered question would confuse the next window
                store.setStatus(userTurnId, result.status());
            }
        } catch (RuntimeException e) {
            // the user has the answer; the turn stays STREAMING and the next start's recovery closes it
            log.error("{}: could not store the finished reply (turn {})", context, turnId, e);
        }
        List<MessageRef> messages = result.messages();
        String last = messages.isEmpty() ? "none" : messages.getLast().messageId();
        if (result.failure() != null) {
            log.warn(
                    "{}: reply {} (reply message {}): {}",
                    context,
                    result.status(),
                    last,
                    result.failure().describe());
        } else {
            log.debug("{}: reply {} in {} message(s), last {}", context, result.status(), messages.size(), last);
        }
    }

    private void markUserFailed(long userTurnId) {
        try {
            store.setStatus(userTurnId, TurnStatus.FAILED);
        } catch (RuntimeException e) {
            log.error("{}: could not mark user turn {} failed", context, userTurnId, e);
        }
    }

    private void markFailed(long userTurnId, long turnId) {
        try {
            store.finishAssistantTurn(turnId, "", TurnStatus.FAILED, TokenUsage.NONE, List.of(), clock.instant());
            store.setStatus(userTurnId, TurnStatus.FAILED);
        } catch (RuntimeException e) {
            log.error("{}: could not mark turn {} failed", context, turnId, e);
        }
    }

    private AgentRequest request(List<AgentMessage> history) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("bot", clip(message.key().bot()));
        meta.put("platform", clip(message.key().platform()));
        meta.put("scope", clip(message.key().scope()));
        meta.put("message_id", clip(message.platformMessageId()));
        BotSettings settings = bot.settings();
        // in a group each speaker is their own Coze user, so Coze keeps their memory and variables apart
        String userId = message.multiUser()
                ? SpeakerIds.of(message.key().platform(), message.author().id())
                : message.key().toString();
        return new AgentRequest(
                settings.botId(), userId, null, history, settings.customVariables(), meta, message.shortcut());
    }

    private ReplyButtons replyButtons(long turnId) {
        return new ReplyButtons() {
            @Override
            public MessageAction stop() {
                return buttons.stop(turnId, catalog());
            }

            @Override
            public List<MessageAction> suggestions(List<String> questions) {
                return buttons.suggestions(
                        message.key(), questions, bot.settings().display().buttonLifetime());
            }
        };
    }

    private ReplyStreamer.Progress progress(long turnId) {
        return new ReplyStreamer.Progress() {
            @Override
            public void messageSent(MessageRef ref) {
                try {
                    store.addReplyMessage(turnId, ref);
                } catch (RuntimeException e) {
                    // the answer still reaches the user; only crash recovery of this reply is weakened
                    log.warn("{}: could not record reply message {}", context, ref.messageId(), e);
                }
            }

            @Override
            public void textShown(String text) {
                try {
                    store.saveProgress(turnId, text);
                } catch (RuntimeException e) {
                    log.warn("{}: could not save reply progress", context, e);
                }
            }
        };
    }

    private Catalog catalog() {
        return bot.settings().catalog();
    }

    private static String clip(String value) {
        String v = value == null || value.isEmpty() ? "-" : value;
        return v.length() <= META_VALUE_MAX ? v : v.substring(0, META_VALUE_MAX);
    }
}
