package dev.cozebridge.conversation;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.ButtonPress;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.ResetRecord;
import dev.cozebridge.store.StoredSuggestion;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What pressing one of the bot's buttons, or typing {@code /stop}, does. A suggestion asks its question as the
 * person who pressed it, in the conversation it belongs to and through the usual access policy and rate limits;
 * the pressed message loses its buttons. A Stop stops the reply it belongs to, for the person who asked or an
 * administrator. A button that no longer makes sense (expired, used, or its conversation reset since) answers with
 * a short notice. Runs on the core's threads, never on a platform's.
 */
final class ButtonPresses {

    private static final Logger log = LoggerFactory.getLogger(ButtonPresses.class);

    /** What it needs of the conversation service. */
    interface Core {
        BotRuntime bot(String name);

        PlatformOutlet outlet(String bot, String platform);

        /** The reply writing turn {@code turnId}, or null. */
        ReplyJob.Running runningTurn(long turnId);

        /** The reply being written in {@code key}, or null. */
        ReplyJob.Running runningIn(ConversationKey key);

        InboundSink.Acceptance accept(InboundMessage message);
    }

    private final Core core;
    private final Buttons buttons;
    private final HistoryStore store;
    private final Clock clock;

    ButtonPresses(Core core, Buttons buttons, HistoryStore store, Clock clock) {
        this.core = core;
        this.buttons = buttons;
        this.store = store;
        this.clock = clock;
    }

    void handle(ButtonPress press) {
        BotRuntime bot = core.bot(press.bot());
        if (bot == null) {
            log.error("a button press for unknown bot '{}'; ignored", press.bot());
            acknowledge(press, null);
            return;
        }
        Catalog catalog = bot.settings().catalog();
        String context = press.bot() + "/" + press.platform() + " press " + press.pressId();
        try {
            long turn = Buttons.stoppedTurn(press.actionId());
            if (turn >= 0) {
                stopPressed(press, turn, catalog, context);
            } else {
                suggestionPressed(press, bot, catalog, context);
            }
        } catch (RuntimeException e) {
            log.error("{}: the button press failed", context, e);
            acknowledge(press, catalog.get(Text.NOTICE_SOMETHING_WENT_WRONG));
        }
    }

    /** {@code /stop} in {@code key}. */
    InboundSink.StopOutcome stop(ConversationKey key, Author by, BooleanSupplier moderator) {
        ReplyJob.Running running = core.runningIn(key);
        if (running == null) {
            return InboundSink.StopOutcome.NOTHING_RUNNING;
        }
        if (!by.id().equals(running.askerId) && !moderator.getAsBoolean()) {
            log.info("{}: {} may not stop the answer to {}", key, by.id(), running.askerId);
            return InboundSink.StopOutcome.NOT_ALLOWED;
        }
        log.info("{}: answer stopped by {} with /stop", key, by.id());
        running.stop();
        return InboundSink.StopOutcome.STOPPED;
    }

    private void stopPressed(ButtonPress press, long turn, Catalog catalog, String context) {
        ReplyJob.Running running = core.runningTurn(turn);
        if (running == null
                || !running.key.bot().equals(press.bot())
                || !running.key.platform().equals(press.platform())) {
            // the answer ended already; its message lost the button with its last edit, or a crash left it there
            acknowledge(press, catalog.get(Text.NOTICE_NOTHING_TO_STOP));
            outlet(press).ifPresent(o -> o.clearActionsLater(press.message(), context));
            return;
        }
        if (!press.author().id().equals(running.askerId) && !press.moderator().getAsBoolean()) {
            log.info(
                    "{}: {} may not stop the answer to {}",
                    context,
                    press.author().id(),
                    running.askerId);
            acknowledge(press, catalog.get(Text.NOTICE_STOP_NOT_ALLOWED));
            return;
        }
        log.info(
                "{}: answer in {} stopped by {} with the Stop button",
                context,
                running.key,
                press.author().id());
        running.stop();
        acknowledge(press, null);
    }

    private void suggestionPressed(ButtonPress press, BotRuntime bot, Catalog catalog, String context) {
        Optional<StoredSuggestion> found = buttons.suggestion(press.actionId());
        StoredSuggestion suggestion = found.filter(s ->
                        s.key().bot().equals(press.bot()) && s.key().platform().equals(press.platform()))
                .orElse(null);
        if (suggestion == null || resetSince(suggestion)) {
            log.debug("{}: button {} is expired, used or reset", context, press.actionId());
            acknowledge(press, catalog.get(Text.NOTICE_BUTTON_EXPIRED));
            return;
        }
        if (!AccessPolicy.allowed(bot.settings().access(), press.author(), press.places())) {
            acknowledge(press, catalog.get(Text.NOTICE_NOT_ALLOWED));
            return;
        }
        if (!buttons.claim(suggestion)) {
            acknowledge(press, catalog.get(Text.NOTICE_BUTTON_EXPIRED));
            return;
        }
        acknowledge(press, null);
        outlet(press).ifPresent(o -> o.clearActionsLater(press.message(), context));
        InboundSink.Acceptance acceptance = core.accept(new InboundMessage(
                suggestion.key(),
                "button:" + press.pressId(),
                press.author(),
                suggestion.question(),
                press.target(),
                press.multiUser(),
                clock.instant(),
                press.places()));
        log.debug(
                "{}: suggestion asked in {} by {} → {}",
                context,
                suggestion.key(),
                press.author().id(),
                acceptance);
    }

    /** A reset after the buttons were shown: their questions belong to a conversation that is gone. */
    private boolean resetSince(StoredSuggestion suggestion) {
        Optional<ResetRecord> reset = store.lastReset(suggestion.key());
        return reset.isPresent() && !reset.get().at().isBefore(suggestion.createdAt());
    }

    private Optional<PlatformOutlet> outlet(ButtonPress press) {
        return Optional.ofNullable(core.outlet(press.bot(), press.platform()));
    }

    private static void acknowledge(ButtonPress press, String notice) {
        try {
            press.acknowledge().send(notice);
        } catch (RuntimeException e) {
            log.warn("could not acknowledge button press {}: {}", press.pressId(), e.getMessage());
        }
    }
}
