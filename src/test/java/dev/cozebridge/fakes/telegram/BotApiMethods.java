package dev.cozebridge.fakes.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Bot API methods the fake serves, with Telegram's validation and error descriptions. Everything but
 * getUpdates runs under the fake's lock; getUpdates waits on its condition.
 */
final class BotApiMethods {

    private static final int MAX_TEXT = 4096;
    static final String NOT_MODIFIED = "Bad Request: message is not modified: specified new message content"
            + " and reply markup are exactly the same as a current content and reply markup of the message";
    private static final Set<String> ACTIONS = Set.of(
            "typing",
            "upload_photo",
            "record_video",
            "upload_video",
            "record_voice",
            "upload_voice",
            "upload_document",
            "choose_sticker",
            "find_location",
            "record_video_note",
            "upload_video_note");
    private static final Pattern COMMAND_NAME = Pattern.compile("[a-z0-9_]{1,32}");

    private final FakeTelegram t;
    private final BotApiButtons buttons;
    private final BotApiPhotos photos;

    BotApiMethods(FakeTelegram fake) {
        this.t = fake;
        this.buttons = new BotApiButtons(fake, this);
        this.photos = new BotApiPhotos(fake, this);
    }

    JsonNode call(String method, JsonNode p) throws ApiError {
        if (method.equals("getupdates")) {
            return getUpdates(p);
        }
        if (method.equals("sendphoto") || method.equals("sendmediagroup")) {
            // Telegram fetches the URLs itself; the fake does too, before taking its lock
            return photos.call(method, p);
        }
        t.lock.lock();
        try {
            return switch (method) {
                case "getme" -> getMe();
                case "deletewebhook" -> deleteWebhook(p);
                case "setwebhook" -> setWebhook(p);
                case "setmycommands" -> setMyCommands(p);
                case "sendmessage" -> sendMessage(p);
                case "editmessagetext" -> editMessageText(p);
                case "sendmessagedraft" -> sendMessageDraft(p);
                case "sendchataction" -> sendChatAction(p);
                case "getchatmember" -> getChatMember(p);
                case "editmessagereplymarkup" -> buttons.editMessageReplyMarkup(p);
                case "answercallbackquery" -> buttons.answerCallbackQuery(p);
                case "getfile" -> t.files.getFile(p);
                default -> throw new ApiError(404, "Not Found");
            };
        } finally {
            t.lock.unlock();
        }
    }

    private JsonNode getMe() {
        FakeTelegram.User bot = t.bot();
        return t.userJson(bot)
                .put("can_join_groups", true)
                .put("can_read_all_group_messages", t.canReadAllGroupMessages)
                .put("supports_inline_queries", false);
    }

    /** Telegram's checks: HTTPS, ports 443/80/88/8443, a secret of 1–256 of A-Z a-z 0-9 _ -. */
    private JsonNode setWebhook(JsonNode p) throws ApiError {
        String url = p.path("url").asText("");
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "Bad Request: invalid webhook URL specified");
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        }
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        if (!Set.of(443, 80, 88, 8443).contains(port)) {
            throw new ApiError(
                    400, "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
        }
        String secret = p.hasNonNull("secret_token") ? p.get("secret_token").asText() : null;
        if (secret != null && !secret.matches("[A-Za-z0-9_-]{1,256}")) {
            throw new ApiError(400, "Bad Request: secret token contains unallowed characters");
        }
        List<String> allowed = new ArrayList<>();
        p.path("allowed_updates").forEach(n -> allowed.add(n.asText()));
        t.webhook = new FakeTelegram.Webhook(url, secret, List.copyOf(allowed));
        t.webhookActive = true;
        if (p.path("drop_pending_updates").asBoolean(false)) {
            t.pending.clear();
        }
        t.updatesArrived.signalAll();
        return BooleanNode.TRUE;
    }

    private JsonNode deleteWebhook(JsonNode p) {
        t.webhook = null;
        t.webhookActive = false;
        if (p.path("drop_pending_updates").asBoolean(false)) {
            t.pending.clear();
        }
        return BooleanNode.TRUE;
    }

    private JsonNode setMyCommands(JsonNode p) throws ApiError {
        JsonNode commands = p.get("commands");
        if (commands == null || !commands.isArray() || commands.size() > 100) {
            throw new ApiError(400, "Bad Request: commands must be an array of at most 100 BotCommand");
        }
        for (JsonNode c : commands) {
            if (!COMMAND_NAME.matcher(c.path("command").asText("")).matches()) {
                throw new ApiError(400, "Bad Request: BOT_COMMAND_INVALID");
            }
            int len = c.path("description").asText("").length();
            if (len < 1 || len > 256) {
                throw new ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
            }
        }
        String language = p.path("language_code").asText("");
        if (!language.isEmpty() && !language.matches("[a-z]{2}")) {
            // Telegram takes a two-letter ISO 639-1 code here, or none
            throw new ApiError(400, "Bad Request: invalid language code specified");
        }
        t.commands.put(language, commands);
        return BooleanNode.TRUE;
    }

    private JsonNode getUpdates(JsonNode p) throws ApiError {
        int offset = intOr(p, "offset", 0);
        int limit = Math.min(100, Math.max(1, intOr(p, "limit", 100)));
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Math.max(0, intOr(p, "timeout", 0)));
        Set<String> allowed = new HashSet<>();
        p.path("allowed_updates").forEach(n -> allowed.add(n.asText()));
        t.lock.lock();
        try {
            if (t.webhookActive) {
                throw new ApiError(
                        409,
                        "Conflict: can't use getUpdates method while webhook is active;"
                                + " use deleteWebhook to delete the webhook first");
            }
            int generation = ++t.pollGeneration;
            t.updatesArrived.signalAll();
            if (offset > 0) {
                t.pending.headMap(offset).clear();
            } else if (offset < 0) {
                while (t.pending.size() > -offset) {
                    t.pending.pollFirstEntry();
                }
            }
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                if (generation != t.pollGeneration) {
                    throw new ApiError(
                            409,
                            "Conflict: terminated by other getUpdates request;"
                                    + " make sure that only one bot instance is running");
                }
                List<ObjectNode> out = new ArrayList<>();
                // Updates offered again while this request waited are still confirmed by its offset.
                for (ObjectNode u : t.pending.tailMap(Math.max(offset, 0)).values()) {
                    if (out.size() < limit
                            && (allowed.isEmpty() || allowed.stream().anyMatch(u::has))) {
                        out.add(u);
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (!out.isEmpty() || remaining <= 0 || t.closed) {
                    ArrayNode result = t.json.createArrayNode();
                    for (ObjectNode u : out) {
                        int id = u.get("update_id").asInt();
                        if (t.deliveries.merge(id, 1, Integer::sum) == 1) {
                            t.delivered.add(u);
                        }
                        result.add(u);
                    }
                    return result;
                }
                t.waitingPolls++;
                try {
                    t.updatesArrived.awaitNanos(remaining);
                } finally {
                    t.waitingPolls--;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(500, "Internal Server Error");
        } finally {
            t.lock.unlock();
        }
    }

    private JsonNode sendMessage(JsonNode p) throws ApiError {
        FakeTelegram.Chat chat = chat(p);
        writable(chat);
        BotApiHtml.Parsed parsed = text(p, false);
        JsonNode keyboard = buttons.keyboard(p);
        Integer thread = thread(p, chat);
        Integer replyTo = null;
        boolean withoutReply;
        JsonNode rp = p.get("reply_parameters");
        if (rp != null && rp.isObject()) {
            replyTo = rp.has("message_id") ? rp.get("message_id").asInt() : null;
            withoutReply = rp.path("allow_sending_without_reply").asBoolean(false);
        } else {
            replyTo = p.has("reply_to_message_id") ? intOr(p, "reply_to_message_id", 0) : null;
            withoutReply = p.path("allow_sending_without_reply").asBoolean(false);
        }
        if (replyTo != null && !t.messages.getOrDefault(chat.id(), Map.of()).containsKey(replyTo)) {
            if (!withoutReply) {
                throw new ApiError(400, "Bad Request: message to be replied not found");
            }
            replyTo = null;
        }
        admitWrite(chat);
        int id = t.nextMessageId(chat.id());
        FakeTelegram.BotMessage m = new FakeTelegram.BotMessage(chat.id(), id, thread, replyTo);
        m.markup = keyboard;
        apply(m, chat, parsed, p.path("parse_mode").asText(null), false);
        t.botMessages
                .computeIfAbsent(chat.id(), k -> new java.util.LinkedHashMap<>())
                .put(id, m);
        Runnable hook = t.afterNextSend.getAndSet(null);
        if (hook != null) {
            hook.run();
        }
        return m.json;
    }

    private JsonNode editMessageText(JsonNode p) throws ApiError {
        if (p.has("inline_message_id")) {
            throw new ApiError(400, "Bad Request: MESSAGE_ID_INVALID");
        }
        FakeTelegram.Chat chat = chat(p);
        if (!p.has("message_id")) {
            throw new ApiError(400, "Bad Request: message identifier is not specified");
        }
        int messageId = intOr(p, "message_id", 0);
        writable(chat);
        FakeTelegram.BotMessage m =
                t.botMessages.getOrDefault(chat.id(), Map.of()).get(messageId);
        if (m == null) {
            boolean exists = t.messages.getOrDefault(chat.id(), Map.of()).containsKey(messageId);
            throw new ApiError(
                    400, exists ? "Bad Request: message can't be edited" : "Bad Request: message to edit not found");
        }
        BotApiHtml.Parsed parsed = text(p, false);
        // an edit without reply_markup takes the inline keyboard away
        JsonNode keyboard = buttons.keyboard(p);
        if (parsed.equals(m.parsed) && java.util.Objects.equals(keyboard, m.markup)) {
            throw new ApiError(400, NOT_MODIFIED);
        }
        admitWrite(chat);
        m.markup = keyboard;
        apply(m, chat, parsed, p.path("parse_mode").asText(null), true);
        return m.json;
    }

    void apply(
            FakeTelegram.BotMessage m,
            FakeTelegram.Chat chat,
            BotApiHtml.Parsed parsed,
            String parseMode,
            boolean edit) {
        m.parsed = parsed;
        m.parseMode = parseMode;
        m.versions.add(parsed.text());
        m.buttonVersions.add(FakeTelegram.buttons(m.markup));
        ObjectNode json = t.baseMessage(chat, t.bot(), m.messageId);
        if (m.threadId != null) {
            json.put("message_thread_id", m.threadId).put("is_topic_message", true);
        }
        if (m.replyTo != null) {
            ObjectNode replied = t.messages.get(chat.id()).get(m.replyTo).deepCopy();
            replied.remove("reply_to_message");
            json.set("reply_to_message", replied);
        }
        if (edit) {
            json.put("date", m.json.get("date").asLong())
                    .put("edit_date", Instant.now().getEpochSecond());
        }
        json.put("text", parsed.text());
        if (!parsed.entities().isEmpty()) {
            ArrayNode entities = json.putArray("entities");
            for (BotApiHtml.Entity e : parsed.entities()) {
                ObjectNode n = entities.addObject()
                        .put("type", e.type())
                        .put("offset", e.offset())
                        .put("length", e.length());
                if (e.url() != null) {
                    n.put("url", e.url());
                }
                if (e.language() != null) {
                    n.put("language", e.language());
                }
            }
        }
        if (m.markup != null) {
            json.set("reply_markup", m.markup);
        }
        m.json = json;
        t.store(chat.id(), m.messageId, json);
    }

    private JsonNode sendMessageDraft(JsonNode p) throws ApiError {
        FakeTelegram.Chat chat = chat(p);
        if (!chat.isPrivate()) {
            throw new ApiError(400, "Bad Request: TEXTDRAFT_PEER_INVALID");
        }
        if (intOr(p, "draft_id", 0) == 0) {
            throw new ApiError(400, "Bad Request: draft_id must be non-zero");
        }
        writable(chat);
        BotApiHtml.Parsed parsed = text(p, true);
        thread(p, chat);
        admitWrite(chat);
        t.drafts.computeIfAbsent(chat.id(), k -> new ArrayList<>()).add(parsed.text());
        return BooleanNode.TRUE;
    }

    private JsonNode sendChatAction(JsonNode p) throws ApiError {
        FakeTelegram.Chat chat = chat(p);
        writable(chat);
        if (!ACTIONS.contains(p.path("action").asText(""))) {
            throw new ApiError(400, "Bad Request: wrong parameter action in request");
        }
        thread(p, chat);
        return BooleanNode.TRUE;
    }

    private JsonNode getChatMember(JsonNode p) throws ApiError {
        FakeTelegram.Chat chat = chat(p);
        upgraded(chat);
        long userId = p.has("user_id") ? p.get("user_id").asLong() : 0;
        FakeTelegram.User user = t.users.get(userId);
        if (user == null) {
            throw new ApiError(400, "Bad Request: PARTICIPANT_ID_INVALID");
        }
        ObjectNode member = t.json.createObjectNode();
        if (Long.valueOf(userId).equals(t.creators.get(chat.id()))) {
            member.put("status", "creator").put("is_anonymous", false);
        } else if (t.admins.getOrDefault(chat.id(), Set.of()).contains(userId)) {
            member.put("status", "administrator")
                    .put("can_be_edited", false)
                    .put("is_anonymous", false)
                    .put("can_manage_chat", true)
                    .put("can_delete_messages", true)
                    .put("can_restrict_members", true);
        } else {
            member.put("status", "member");
        }
        member.set("user", t.userJson(user));
        return member;
    }

    // ---- shared checks -----------------------------------------------------------------------------------

    FakeTelegram.Chat chat(JsonNode p) throws ApiError {
        JsonNode id = p.get("chat_id");
        if (id == null || id.isNull() || id.asText().isEmpty()) {
            throw new ApiError(400, "Bad Request: chat_id is empty");
        }
        long chatId;
        try {
            chatId = id.isNumber() ? id.asLong() : Long.parseLong(id.asText().trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, "Bad Request: chat not found");
        }
        FakeTelegram.Chat chat = t.chats.get(chatId);
        if (chat == null) {
            throw new ApiError(400, "Bad Request: chat not found");
        }
        return chat;
    }

    void writable(FakeTelegram.Chat chat) throws ApiError {
        upgraded(chat);
        if (t.blocked.contains(chat.id())) {
            throw new ApiError(403, "Forbidden: bot was blocked by the user");
        }
    }

    /** The old id of a group that became a supergroup answers every call with the new id. */
    void upgraded(FakeTelegram.Chat chat) throws ApiError {
        Long supergroup = t.upgradedTo.get(chat.id());
        if (supergroup != null) {
            throw ApiError.upgraded(supergroup);
        }
    }

    Integer thread(JsonNode p, FakeTelegram.Chat chat) throws ApiError {
        if (!p.has("message_thread_id")) {
            return null;
        }
        int thread = intOr(p, "message_thread_id", 0);
        if (!chat.forum() || !t.topics.getOrDefault(chat.id(), Set.of()).contains(thread)) {
            throw new ApiError(400, "Bad Request: message thread not found");
        }
        return thread;
    }

    private BotApiHtml.Parsed text(JsonNode p, boolean allowEmpty) throws ApiError {
        JsonNode text = p.get("text");
        if (text == null || text.isNull()) {
            if (allowEmpty) {
                return new BotApiHtml.Parsed("", List.of());
            }
            throw new ApiError(400, "Bad Request: message text is empty");
        }
        String mode = p.path("parse_mode").asText("");
        BotApiHtml.Parsed parsed;
        if (mode.isEmpty()) {
            parsed = BotApiHtml.trim(text.asText(), List.of());
        } else if (mode.equalsIgnoreCase("HTML")) {
            if (t.pendingEntityRejections > 0) {
                t.pendingEntityRejections--;
                throw new ApiError(
                        400,
                        "Bad Request: can't parse entities: Can't find end tag corresponding" + " to start tag \"b\"");
            }
            try {
                parsed = BotApiHtml.parse(text.asText());
            } catch (BotApiHtml.ParseException e) {
                throw new ApiError(400, e.getMessage());
            }
        } else {
            throw new ApiError(400, "Bad Request: unsupported parse_mode " + mode + " (the fake speaks HTML only)");
        }
        if (parsed.text().isEmpty() && !allowEmpty) {
            throw new ApiError(400, "Bad Request: message text is empty");
        }
        if (parsed.text().length() > MAX_TEXT) {
            throw new ApiError(400, "Bad Request: message is too long");
        }
        return parsed;
    }

    /** An injected reset: the handler drops the connection without answering; nothing was done. */
    static final class ConnectionDropped extends RuntimeException {
        ConnectionDropped() {
            super("connection dropped", null, false, false);
        }
    }

    void admitWrite(FakeTelegram.Chat chat) throws ApiError {
        if (t.faults.takeReset()) {
            throw new ConnectionDropped();
        }
        if (t.faults.takeServerError()) {
            // what Telegram's front end answers while the Bot API behind it is down
            throw new ApiError(502, "Bad Gateway");
        }
        if (t.pending429 > 0) {
            t.pending429--;
            t.served429++;
            throw new ApiError(429, "Too Many Requests: retry after " + t.retryAfter429, t.retryAfter429);
        }
        int wait = t.flood.admit(chat.id(), chat.isPrivate(), System.nanoTime());
        if (wait > 0) {
            t.served429++;
            throw new ApiError(429, "Too Many Requests: retry after " + wait, wait);
        }
    }

    static int intOr(JsonNode p, String field, int fallback) throws ApiError {
        JsonNode n = p.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (n.isIntegralNumber()) {
            return n.asInt();
        }
        try {
            return Integer.parseInt(n.asText().trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, "Bad Request: wrong parameter " + field + " in request");
        }
    }
}
