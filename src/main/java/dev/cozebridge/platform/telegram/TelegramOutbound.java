package dev.cozebridge.platform.telegram;

import dev.cozebridge.core.Cut;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.MessageAction;
import dev.cozebridge.platform.PlatformException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Everything the bot writes: messages (with inline keyboards), edits, drafts and the typing status. Renders Markdown to HTML, waits
 * for room in the per-chat and global windows, and falls back to plain text when Telegram cannot parse the
 * entities. Called concurrently from the core's reply threads; blocks until Telegram answered. Metrics are the
 * caller's: the core counts the writes it asks for, {@link TelegramCommands} the ones it makes itself.
 *
 * <p>A group that became a supergroup ({@link TelegramMigrations}) is written to under its new id. The bot's
 * messages stay behind in the old chat and can no longer be edited, so an edit of one sends its text as a new
 * message to the supergroup, and the reply's later edits go to that message.
 */
final class TelegramOutbound {

    private static final Logger log = LoggerFactory.getLogger(TelegramOutbound.class);
    static final int MAX_TEXT = 4096;
    /** Telegram shows about this much of a button's text on a phone; longer labels end in "…". */
    static final int MAX_LABEL = 64;

    private final TelegramClient client;
    private final TelegramHtml html;
    private final TelegramPacing pacing;
    private final TelegramFailures failures;
    private static final int FORGET_MOVED_ABOVE = 10_000;

    private final String bot;
    private final TelegramMigrations migrations;
    /** Messages left behind in an upgraded group → their copies in the supergroup, where the reply goes on. */
    private final Map<MessageRef, MessageRef> moved = new ConcurrentHashMap<>();

    TelegramOutbound(
            TelegramClient client,
            TelegramHtml html,
            TelegramPacing pacing,
            TelegramFailures failures,
            String bot,
            TelegramMigrations migrations) {
        this.client = client;
        this.html = html;
        this.pacing = pacing;
        this.failures = failures;
        this.bot = bot;
        this.migrations = migrations;
    }

    MessageRef send(ReplyTarget target, String markdown) {
        return send(target, markdown, List.of());
    }

    /** Sends a message with one button per row (labels are questions: too long to share a row). */
    MessageRef send(ReplyTarget target, String markdown, List<MessageAction> actions) {
        TelegramHtml.Rendered r = rendered(markdown);
        InlineKeyboardMarkup keyboard = keyboard(actions);
        long asked = chatId(target.channelId());
        long chatId = migrations.current(asked);
        Integer thread = target.threadId() == null ? null : number(target.threadId(), "topic id");
        Integer replyTo = target.replyToMessageId() == null ? null : number(target.replyToMessageId(), "message id");
        try {
            // the question's message id means nothing in the supergroup (basic groups have no topics either)
            return chatId == asked
                    ? sendTo(chatId, thread, replyTo, r, keyboard)
                    : sendTo(chatId, null, null, r, keyboard);
        } catch (ChatUpgraded upgraded) {
            return sendTo(upgraded.to, null, null, r, keyboard);
        }
    }

    private MessageRef sendTo(
            long chatId, Integer thread, Integer replyTo, TelegramHtml.Rendered r, InlineKeyboardMarkup keyboard) {
        SendMessage.SendMessageBuilder<?, ?> builder = SendMessage.builder().chatId(Long.toString(chatId));
        if (thread != null) {
            builder.messageThreadId(thread);
        }
        if (replyTo != null) {
            builder.replyParameters(ReplyParameters.builder()
                    .messageId(replyTo)
                    .allowSendingWithoutReply(true)
                    .build());
        }
        Message sent = withFallback(
                r,
                chatId,
                "send",
                (text, parseMode) -> builder.text(text)
                        .parseMode(parseMode)
                        .replyMarkup(keyboard)
                        .build());
        if (sent == null || sent.getMessageId() == null) {
            throw PlatformException.failed(
                    "Telegram accepted a message for chat " + chatId + " but returned no message id", null);
        }
        return new MessageRef(Long.toString(chatId), String.valueOf(sent.getMessageId()));
    }

    void edit(MessageRef message, String markdown) {
        edit(message, markdown, List.of());
    }

    /** Replaces text and buttons; without buttons the message's keyboard goes, as Telegram does on an edit. */
    void edit(MessageRef message, String markdown, List<MessageAction> actions) {
        TelegramHtml.Rendered r = rendered(markdown);
        InlineKeyboardMarkup keyboard = keyboard(actions);
        MessageRef target = moved.getOrDefault(message, message);
        long chatId = chatId(target.channelId());
        long current = migrations.current(chatId);
        if (current != chatId) {
            resend(message, current, r, keyboard);
            return;
        }
        try {
            editIn(target, r, keyboard);
        } catch (ChatUpgraded upgraded) {
            resend(message, upgraded.to, r, keyboard);
        }
    }

    /** The reply's message stayed in the old group: its text goes on in a new message in the supergroup. */
    private void resend(MessageRef left, long supergroup, TelegramHtml.Rendered r, InlineKeyboardMarkup keyboard) {
        MessageRef copy = sendTo(supergroup, null, null, r, keyboard);
        if (moved.size() > FORGET_MOVED_ABOVE) {
            moved.clear();
        }
        moved.put(left, copy);
        log.info(
                "Bot {}: message {} stayed in Telegram group {}; the reply goes on in supergroup {} as message {}",
                bot,
                left.messageId(),
                left.channelId(),
                supergroup,
                copy.messageId());
    }

    private void editIn(MessageRef message, TelegramHtml.Rendered r, InlineKeyboardMarkup keyboard) {
        long chatId = chatId(message.channelId());
        int messageId = number(message.messageId(), "message id");
        withFallback(
                r,
                chatId,
                "edit",
                (text, parseMode) -> EditMessageText.builder()
                        .chatId(message.channelId())
                        .messageId(messageId)
                        .text(text)
                        .parseMode(parseMode)
                        .replyMarkup(keyboard)
                        .build());
    }

    /** editMessageReplyMarkup without a markup: the buttons go, the text stays. */
    void clearActions(MessageRef message) {
        MessageRef target = moved.getOrDefault(message, message);
        long chatId = chatId(target.channelId());
        if (migrations.current(chatId) != chatId) {
            // left behind in an upgraded group: nobody can press its buttons there any more
            return;
        }
        EditMessageReplyMarkup clear = EditMessageReplyMarkup.builder()
                .chatId(target.channelId())
                .messageId(number(target.messageId(), "message id"))
                .build();
        try {
            execute(clear, chatId, "edit");
        } catch (TelegramApiException e) {
            unlessNotModified(e, chatId, "edit");
        } catch (ChatUpgraded upgraded) {
            log.debug("Bot {}: buttons of message {} stay in the upgraded group {}", bot, target.messageId(), chatId);
        }
    }

    /** One button per row; null (no keyboard) without buttons. */
    static InlineKeyboardMarkup keyboard(List<MessageAction> actions) {
        if (actions.isEmpty()) {
            return null;
        }
        List<InlineKeyboardRow> rows = actions.stream()
                .map(action -> new InlineKeyboardRow(InlineKeyboardButton.builder()
                        .text(label(action.label()))
                        .callbackData(action.id())
                        .build()))
                .toList();
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    private static String label(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return Cut.withEllipsis(flat, MAX_LABEL);
    }

    void draft(ReplyTarget target, long draftId, String markdown) {
        TelegramHtml.Rendered r = fit(html.render(markdown));
        long chatId = chatId(target.channelId());
        // Bot API draft ids are 32-bit and must not be zero; fold the core's long into that range.
        int folded = (int) (draftId ^ (draftId >>> 32));
        int id = folded == 0 ? 1 : folded;
        Integer thread = target.threadId() == null ? null : number(target.threadId(), "topic id");
        Request<Boolean> request = (text, parseMode) -> SendMessageDraft.builder()
                .chatId(chatId)
                .draftId(id)
                .messageThreadId(thread)
                .text(text)
                .parseMode(parseMode)
                .build();
        if (r.html().length() <= MAX_TEXT) {
            withFallback(r, chatId, "draft", request);
            return;
        }
        // TelegramBots checks a draft's 4,096 characters on the raw text, markup included.
        try {
            execute(request.build(r.plain(), null), chatId, "draft");
        } catch (TelegramApiException e) {
            unlessNotModified(e, chatId, "draft");
        }
    }

    /** Shows "typing…"; failures are only logged, the indicator is cosmetic. */
    void typing(ReplyTarget target) {
        long asked = chatId(target.channelId());
        long chatId = migrations.current(asked);
        Integer thread = target.threadId() == null || chatId != asked ? null : number(target.threadId(), "topic id");
        if (!typingIn(chatId, thread, target)) {
            typingIn(migrations.current(chatId), null, target);
        }
    }

    /** False when the chat turned out to be an upgraded group (then {@link TelegramMigrations} knows its new id). */
    private boolean typingIn(long chatId, Integer thread, ReplyTarget target) {
        SendChatAction.SendChatActionBuilder<?, ?> action =
                SendChatAction.builder().chatId(Long.toString(chatId)).action(ActionType.TYPING.toString());
        if (thread != null) {
            action.messageThreadId(thread);
        }
        try {
            client.execute(action.build());
            return true;
        } catch (TelegramApiException e) {
            if (TelegramFailures.interrupted(e)) {
                Thread.currentThread().interrupt();
                return true;
            }
            TelegramFailures.Answer answer = TelegramFailures.answer(e);
            if (answer != null && answer.migrateTo() != null) {
                migrations.upgraded(chatId, answer.migrateTo());
                return false;
            }
            log.debug(
                    "Telegram typing status for bot {} in chat {} failed: {}",
                    bot,
                    target.channelId(),
                    failures.describe(e));
            return true;
        }
    }

    /** Builds a request for a text and parse mode (null = plain). */
    private interface Request<T extends Serializable> {
        BotApiMethod<T> build(String text, String parseMode);
    }

    private <T extends Serializable> T withFallback(
            TelegramHtml.Rendered r, long chatId, String operation, Request<T> request) {
        try {
            return execute(request.build(r.html(), ParseMode.HTML), chatId, operation);
        } catch (TelegramApiException e) {
            TelegramFailures.Answer answer = TelegramFailures.answer(e);
            if (answer == null || !answer.badEntities()) {
                return unlessNotModified(e, chatId, operation);
            }
            log.warn(
                    "Telegram could not parse the HTML ({}) for bot {} in chat {} ({}); sending plain text",
                    operation,
                    bot,
                    chatId,
                    failures.scrub(answer.description()));
            try {
                return execute(request.build(r.plain(), null), chatId, operation);
            } catch (TelegramApiException plainFailure) {
                return unlessNotModified(plainFailure, chatId, operation);
            }
        }
    }

    private <T extends Serializable> T execute(BotApiMethod<T> method, long chatId, String operation)
            throws TelegramApiException {
        try (WriteLimiter.Permit ignored = pacing.acquire(chatId)) {
            return client.execute(method);
        } catch (TelegramApiException e) {
            TelegramFailures.Answer answer = TelegramFailures.answer(e);
            if (answer != null && answer.migrateTo() != null) {
                migrations.upgraded(chatId, answer.migrateTo());
                throw new ChatUpgraded(chatId, answer.migrateTo());
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PlatformException.failed(
                    "Telegram " + operation + " interrupted while waiting for the rate limit", null);
        }
    }

    /** "Message is not modified" means the text is already there: success (null); anything else throws. */
    private <T> T unlessNotModified(TelegramApiException e, long chatId, String operation) {
        if (TelegramFailures.interrupted(e)) {
            Thread.currentThread().interrupt();
            throw PlatformException.failed("Telegram " + operation + " interrupted", null);
        }
        TelegramFailures.Answer answer = TelegramFailures.answer(e);
        if (answer != null && answer.notModified()) {
            return null;
        }
        PlatformException mapped = failures.toPlatform(e, operation);
        if (mapped.kind() == PlatformException.Kind.RATE_LIMITED) {
            pacing.pause(chatId, mapped.retryAfter());
        }
        throw mapped;
    }

    private TelegramHtml.Rendered rendered(String markdown) {
        TelegramHtml.Rendered r = fit(html.render(markdown));
        if (r.plain().isBlank()) {
            throw PlatformException.failed("Nothing to send: the text is empty after formatting", null);
        }
        return r;
    }

    /** Markdown never renders longer than it is, but if it ever does, the plain text is cut to the limit. */
    private static TelegramHtml.Rendered fit(TelegramHtml.Rendered r) {
        if (r.plain().length() <= MAX_TEXT) {
            return r;
        }
        String cut = Cut.withEllipsis(r.plain(), MAX_TEXT);
        return new TelegramHtml.Rendered(TelegramHtml.escape(cut), cut);
    }

    private static int number(String value, String what) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw PlatformException.failed("Not a Telegram " + what + ": " + value, null);
        }
    }

    static long chatId(String chatId) {
        try {
            return Long.parseLong(chatId);
        } catch (NumberFormatException e) {
            throw PlatformException.failed("Not a Telegram chat id: " + chatId, null);
        }
    }
}
