package dev.cozebridge.platform.telegram;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.Cut;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.ButtonPress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Turns a pressed inline button (a {@code callback_query} update) into a {@link ButtonPress} and answers it with
 * answerCallbackQuery, which Telegram wants soon (clients show a spinner until then, and a late answer fails).
 */
final class TelegramCallbacks {

    private static final Logger log = LoggerFactory.getLogger(TelegramCallbacks.class);
    /** Telegram shows at most 200 characters of a callback answer. */
    private static final int MAX_NOTICE = 200;

    private final String bot;
    private final TelegramClient client;
    private final TelegramFailures failures;
    private final TelegramCommands commands;
    private final TelegramMigrations migrations;

    TelegramCallbacks(
            String bot,
            TelegramClient client,
            TelegramFailures failures,
            TelegramCommands commands,
            TelegramMigrations migrations) {
        this.bot = bot;
        this.client = client;
        this.failures = failures;
        this.commands = commands;
        this.migrations = migrations;
    }

    /** The press, or null for a query that is not a button of a message (inline mode, games): answered at once. */
    ButtonPress press(CallbackQuery query) {
        MaybeInaccessibleMessage message = query.getMessage();
        if (query.getData() == null || message == null || query.getFrom() == null) {
            answerLater(query.getId(), null);
            return null;
        }
        String chatId = Long.toString(message.getChatId());
        boolean privateChat =
                message.getChat() != null && "private".equals(message.getChat().getType());
        String topic = message instanceof Message m && m.isTopicMessage() && m.getMessageThreadId() != null
                ? m.getMessageThreadId().toString()
                : null;
        ReplyTarget target = new ReplyTarget(chatId, topic, null, null, privateChat);
        Author author =
                new Author(Long.toString(query.getFrom().getId()), TelegramInbound.displayName(query.getFrom()));
        return new ButtonPress(
                bot,
                "telegram",
                query.getId(),
                query.getData(),
                author,
                new MessageRef(chatId, message.getMessageId().toString()),
                target,
                !privateChat,
                migrations.places(
                        message.getChatId(),
                        message.getChat() == null ? null : message.getChat().getType()),
                () -> commands.administers(target, author.id()),
                notice -> answer(query.getId(), notice));
    }

    private void answerLater(String queryId, String notice) {
        Thread.ofVirtual().name("telegram-" + bot + "-callback").start(() -> answer(queryId, notice));
    }

    private void answer(String queryId, String notice) {
        AnswerCallbackQuery.AnswerCallbackQueryBuilder<?, ?> answer =
                AnswerCallbackQuery.builder().callbackQueryId(queryId);
        if (notice != null && !notice.isBlank()) {
            String text = notice.strip();
            answer.text(Cut.withEllipsis(text, MAX_NOTICE));
        }
        try {
            client.execute(answer.build());
        } catch (TelegramApiException e) {
            log.warn("Bot {} could not answer callback query {}: {}", bot, queryId, failures.describe(e));
        }
    }
}
