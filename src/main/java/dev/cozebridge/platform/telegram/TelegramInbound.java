package dev.cozebridge.platform.telegram;

import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.command.Shortcuts;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.ButtonPress;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.store.PlatformStateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Turns updates into {@link InboundMessage}s, commands and button presses. Runs on TelegramBots' poll thread, so it
 * only converts and hands off: messages and presses go straight to the (fast) sink, commands to a virtual thread. The last
 * handled update id is persisted, and polling resumes after it, so a restart never answers an update twice.
 */
final class TelegramInbound implements LongPollingUpdateConsumer {

    private static final Logger log = LoggerFactory.getLogger(TelegramInbound.class);

    /** Where a message came from, in the core's terms. */
    record Origin(
            ConversationKey key,
            Author author,
            ReplyTarget target,
            List<String> places,
            String platformMessageId,
            Instant receivedAt) {}

    private final String bot;
    private final InboundSink sink;
    private final TelegramAddressing addressing;
    private final TelegramCommands commands;
    private final TelegramCallbacks callbacks;
    private final Map<String, BotProfile.Shortcut> shortcuts;
    private final PlatformStateStore state;
    private final String offsetKey;
    private final AtomicLong confirmed;
    private final Clock clock;
    private final ExecutorService commandThreads;

    TelegramInbound(
            String bot,
            InboundSink sink,
            TelegramAddressing addressing,
            TelegramCommands commands,
            TelegramCallbacks callbacks,
            Map<String, BotProfile.Shortcut> shortcuts,
            PlatformStateStore state,
            String offsetKey,
            long confirmed,
            Clock clock,
            ExecutorService commandThreads) {
        this.bot = bot;
        this.sink = sink;
        this.addressing = addressing;
        this.commands = commands;
        this.callbacks = callbacks;
        this.shortcuts = Map.copyOf(shortcuts);
        this.state = state;
        this.offsetKey = offsetKey;
        this.confirmed = new AtomicLong(confirmed);
        this.clock = clock;
        this.commandThreads = commandThreads;
    }

    /** The highest update id already handled; getUpdates asks for the ones after it. */
    long confirmed() {
        return confirmed.get();
    }

    @Override
    public void consume(List<Update> updates) {
        // An exception escaping here would cancel TelegramBots' polling task for good.
        long before = confirmed.get();
        long highest = before;
        for (Update update : updates) {
            long id = update.getUpdateId();
            if (id <= before) {
                continue;
            }
            try {
                handle(update);
            } catch (RuntimeException e) {
                log.error("Bot {} could not handle Telegram update {}", bot, id, e);
            }
            highest = Math.max(highest, id);
            confirmed.set(highest);
        }
        if (highest > before) {
            try {
                state.put(offsetKey, Long.toString(highest));
            } catch (RuntimeException e) {
                log.error(
                        "Bot {} could not store the Telegram update offset {}; a restart may see updates again",
                        bot,
                        highest,
                        e);
            }
        }
    }

    private void handle(Update update) {
        if (update.getCallbackQuery() != null) {
            ButtonPress press = callbacks.press(update.getCallbackQuery());
            if (press != null) {
                sink.press(press);
            }
            return;
        }
        Message message = update.getMessage();
        if (message == null
                || message.getFrom() == null
                || Boolean.TRUE.equals(message.getFrom().getIsBot())) {
            return;
        }
        TelegramAddressing.Addressed addressed = addressing.analyse(message);
        if (addressed.kind() == TelegramAddressing.Kind.IGNORE) {
            return;
        }
        Origin origin = origin(message);
        if (addressed.kind() == TelegramAddressing.Kind.COMMAND) {
            offload(origin, addressed);
            return;
        }
        InboundMessage inbound;
        if (addressed.kind() == TelegramAddressing.Kind.SHORTCUT) {
            // Coze builds the question from the shortcut; Studio reads the text, so it goes as the user typed it
            String typed = ("/" + addressed.command() + " " + addressed.text()).strip();
            inbound = new InboundMessage(
                    origin.key(),
                    origin.platformMessageId(),
                    origin.author(),
                    typed,
                    origin.target(),
                    !origin.target().privateChat(),
                    origin.receivedAt(),
                    origin.places(),
                    Shortcuts.fromText(shortcuts.get(addressed.command()), addressed.text()));
        } else {
            inbound = new InboundMessage(
                    origin.key(),
                    origin.platformMessageId(),
                    origin.author(),
                    addressed.text(),
                    origin.target(),
                    !origin.target().privateChat(),
                    origin.receivedAt(),
                    origin.places());
        }
        InboundSink.Acceptance acceptance = sink.accept(inbound);
        log.debug("Telegram message {} in {} was {}", origin.platformMessageId(), origin.key(), acceptance);
    }

    private void offload(Origin origin, TelegramAddressing.Addressed addressed) {
        try {
            commandThreads.execute(() -> {
                try {
                    if (!sink.allowed(bot, origin.author(), origin.places())) {
                        return;
                    }
                    commands.handle(origin, addressed.command(), sink);
                } catch (RuntimeException e) {
                    log.error("Bot {} failed on a command in {}", bot, origin.key(), e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            log.debug("Bot {} is stopping; command in {} dropped", bot, origin.key());
        }
    }

    private Origin origin(Message message) {
        long chatId = message.getChatId();
        boolean privateChat = "private".equals(message.getChat().getType());
        Integer topic = message.isTopicMessage() ? message.getMessageThreadId() : null;
        String scope = topic == null ? Long.toString(chatId) : chatId + ":" + topic;
        User from = message.getFrom();
        Author author = new Author(Long.toString(from.getId()), displayName(from));
        ReplyTarget target = new ReplyTarget(
                Long.toString(chatId),
                topic == null ? null : topic.toString(),
                message.getMessageId().toString(),
                null,
                privateChat);
        Instant at = message.getDate() == null ? clock.instant() : Instant.ofEpochSecond(message.getDate());
        return new Origin(
                new ConversationKey(bot, "telegram", scope),
                author,
                target,
                List.of(Long.toString(chatId)),
                chatId + ":" + message.getMessageId(),
                at);
    }

    static String displayName(User user) {
        String first = user.getFirstName() == null ? "" : user.getFirstName();
        String last = user.getLastName() == null ? "" : user.getLastName();
        String name = (first + " " + last).strip();
        if (!name.isEmpty()) {
            return name;
        }
        return user.getUserName() != null ? user.getUserName() : Long.toString(user.getId());
    }
}
