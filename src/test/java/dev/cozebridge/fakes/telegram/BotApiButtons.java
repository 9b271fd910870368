package dev.cozebridge.fakes.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Inline keyboards as the Bot API checks them (media-and-interactions §2.5): a button has a text and exactly one
 * action, callback data is 1–64 bytes, at most 8 buttons a row and 100 in all, about 10 kB of markup; plus
 * editMessageReplyMarkup and answerCallbackQuery. Runs under the fake's lock.
 */
final class BotApiButtons {

    private static final int MAX_DATA_BYTES = 64;
    private static final int MAX_ROW = 8;
    private static final int MAX_BUTTONS = 100;
    private static final int MAX_MARKUP_BYTES = 10_000;
    private static final int MAX_CALLBACK_TEXT = 200;
    private static final Set<String> ACTIONS = Set.of(
            "callback_data",
            "url",
            "copy_text",
            "web_app",
            "login_url",
            "switch_inline_query",
            "switch_inline_query_current_chat",
            "switch_inline_query_chosen_chat",
            "callback_game",
            "pay");
    static final String QUERY_TOO_OLD =
            "Bad Request: query is too old and response timeout expired or query ID is invalid";

    private final FakeTelegram t;
    private final BotApiMethods methods;

    BotApiButtons(FakeTelegram fake, BotApiMethods methods) {
        this.t = fake;
        this.methods = methods;
    }

    /** The validated {@code reply_markup} (an inline keyboard), or null when there is none. */
    JsonNode keyboard(JsonNode p) throws ApiError {
        JsonNode markup = p.get("reply_markup");
        if (markup == null || markup.isNull()) {
            return null;
        }
        JsonNode rows = markup.get("inline_keyboard");
        if (rows == null || !rows.isArray()) {
            throw new ApiError(400, "Bad Request: can't parse inline keyboard button: InlineKeyboardMarkup expected");
        }
        if (markup.toString().getBytes(StandardCharsets.UTF_8).length > MAX_MARKUP_BYTES) {
            throw new ApiError(400, "Bad Request: reply markup is too long");
        }
        int total = 0;
        for (JsonNode row : rows) {
            if (!row.isArray()) {
                throw new ApiError(400, "Bad Request: can't parse inline keyboard button: Array expected");
            }
            if (row.size() > MAX_ROW) {
                throw new ApiError(400, "Bad Request: BUTTONS_TOO_MUCH");
            }
            for (JsonNode button : row) {
                total++;
                String text = button.path("text").asText("");
                if (text.isBlank()) {
                    throw new ApiError(400, "Bad Request: BUTTON_TEXT_INVALID");
                }
                long actions = ACTIONS.stream().filter(button::has).count();
                if (actions != 1) {
                    throw new ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard");
                }
                if (button.has("callback_data")) {
                    int bytes = button.path("callback_data").asText("").getBytes(StandardCharsets.UTF_8).length;
                    if (bytes < 1 || bytes > MAX_DATA_BYTES) {
                        throw new ApiError(400, "Bad Request: BUTTON_DATA_INVALID");
                    }
                }
            }
        }
        if (total > MAX_BUTTONS) {
            throw new ApiError(400, "Bad Request: BUTTONS_TOO_MUCH");
        }
        return rows.isEmpty() ? null : markup.deepCopy();
    }

    JsonNode editMessageReplyMarkup(JsonNode p) throws ApiError {
        if (p.has("inline_message_id")) {
            throw new ApiError(400, "Bad Request: MESSAGE_ID_INVALID");
        }
        FakeTelegram.Chat chat = methods.chat(p);
        if (!p.has("message_id")) {
            throw new ApiError(400, "Bad Request: message identifier is not specified");
        }
        int messageId = BotApiMethods.intOr(p, "message_id", 0);
        methods.writable(chat);
        FakeTelegram.BotMessage m =
                t.botMessages.getOrDefault(chat.id(), Map.of()).get(messageId);
        if (m == null) {
            throw new ApiError(400, "Bad Request: message to edit not found");
        }
        JsonNode keyboard = keyboard(p);
        if (java.util.Objects.equals(keyboard, m.markup)) {
            throw new ApiError(400, BotApiMethods.NOT_MODIFIED);
        }
        methods.admitWrite(chat);
        m.markup = keyboard;
        ObjectNode json = m.json.deepCopy();
        json.remove("reply_markup");
        if (keyboard != null) {
            json.set("reply_markup", keyboard);
        }
        json.put("edit_date", Instant.now().getEpochSecond());
        m.json = json;
        m.markupEdits++;
        t.store(chat.id(), m.messageId, json);
        return json;
    }

    JsonNode answerCallbackQuery(JsonNode p) throws ApiError {
        String id = p.path("callback_query_id").asText("");
        FakeTelegram.CallbackQuery query = t.callbackQueries.get(id);
        if (query == null
                || query.answered
                || System.nanoTime() - query.createdNanos
                        > t.settings.callbackDeadline().toNanos()) {
            throw new ApiError(400, QUERY_TOO_OLD);
        }
        String text = p.path("text").asText(null);
        if (text != null && text.length() > MAX_CALLBACK_TEXT) {
            throw new ApiError(400, "Bad Request: MESSAGE_TOO_LONG");
        }
        query.answered = true;
        query.answerText = text;
        query.answeredNanos = System.nanoTime();
        return BooleanNode.TRUE;
    }
}
