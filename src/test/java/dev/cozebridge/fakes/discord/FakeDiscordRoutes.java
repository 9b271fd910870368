package dev.cozebridge.fakes.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cozebridge.fakes.discord.FakeDiscordRest.ApiError;
import dev.cozebridge.fakes.discord.FakeDiscordRest.Reply;
import dev.cozebridge.fakes.discord.FakeDiscordRest.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The REST endpoints the bridge uses, each checking what Discord checks. */
final class FakeDiscordRoutes {
    static final int MAX_CONTENT = 2000;
    private static final int EPHEMERAL = 64;
    private static final int LOADING = 128;
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    private static final Pattern COMMAND_NAME = Pattern.compile("^[-_\\p{Ll}\\p{N}]{1,32}$");

    private final FakeDiscordSettings settings;
    private final FakeDiscordState state;
    private final FakeDiscordPayloads payloads;
    private final FakeDiscordGateway gateway;
    private final ObjectMapper json;
    private final Map<String, String> nonces = new ConcurrentHashMap<>();
    private final FakeDiscordComponents components;

    FakeDiscordRoutes(
            FakeDiscordSettings settings,
            FakeDiscordState state,
            FakeDiscordPayloads payloads,
            FakeDiscordGateway gateway,
            ObjectMapper json) {
        this.settings = settings;
        this.state = state;
        this.payloads = payloads;
        this.gateway = gateway;
        this.json = json;
        this.components = new FakeDiscordComponents(json);
    }

    List<Route> routes() {
        return List.of(
                route("GET", "users/@me", "me", 0, true, false, (m, b, q) -> new Reply(200, payloads.user(state.bot))),
                route(
                        "GET",
                        "gateway/bot",
                        "gateway",
                        0,
                        true,
                        false,
                        (m, b, q) -> new Reply(200, gateway.shards().gatewayBot(json, gateway.url()))),
                route("POST", "users/@me/channels", "dm-open", 0, true, false, this::openDm),
                route("POST", "channels/(\\d+)/messages", "msg-create", 1, true, true, this::createMessage),
                route("PATCH", "channels/(\\d+)/messages/(\\d+)", "msg-edit", 1, true, true, this::editMessage),
                route("POST", "channels/(\\d+)/typing", "typing", 1, true, false, this::typing),
                route("POST", "channels/(\\d+)/messages/(\\d+)/threads", "thread", 1, true, true, this::startThread),
                route("PUT", "applications/(\\d+)/commands", "commands", 1, true, false, this::putCommands),
                route("POST", "interactions/(\\d+)/([^/]+)/callback", "callback", 1, false, false, this::callback),
                route(
                        "PATCH",
                        "webhooks/(\\d+)/([^/]+)/messages/(@original|\\d+)",
                        "hook-edit",
                        2,
                        false,
                        true,
                        this::editHookMessage),
                route("POST", "webhooks/(\\d+)/([^/]+)", "hook-send", 2, false, true, this::followUp));
    }

    private static Route route(
            String method,
            String regex,
            String bucket,
            int major,
            boolean auth,
            boolean strict,
            FakeDiscordRest.Handler handler) {
        return new Route(method, Pattern.compile(regex), bucket, major, auth, strict, handler);
    }

    private FakeDiscordState.Channel channel(String id) {
        FakeDiscordState.Channel channel = state.channels.get(id);
        if (channel == null) {
            throw new ApiError(404, 10003, "Unknown Channel", null);
        }
        return channel;
    }

    /**
     * What Discord checks before the bot writes in a guild channel or thread: 403 Missing Access (50001) without
     * View Channel, then 403 Missing Permissions (50013) without {@code needed}.
     */
    private long botMay(FakeDiscordState.Channel channel, long needed) {
        if (!channel.inGuild()) {
            return -1L;
        }
        long has = state.botPermissions(channel);
        if ((has & FakeDiscordState.VIEW_CHANNEL) == 0) {
            throw new ApiError(403, 50001, "Missing Access", null);
        }
        if ((has & needed) != needed) {
            throw new ApiError(403, 50013, "Missing Permissions", null);
        }
        return has;
    }

    /** Send Messages in a channel, Send Messages in Threads in a thread. */
    private static long sendPermission(FakeDiscordState.Channel channel) {
        return channel.type == FakeDiscordState.PUBLIC_THREAD
                ? FakePermission.SEND_MESSAGES_IN_THREADS.bit
                : FakePermission.SEND_MESSAGES.bit;
    }

    /** Validates content like Discord: present unless embeds are, at most 2,000 characters. */
    private String content(JsonNode body) {
        String content = body.path("content").isTextual() ? body.path("content").asText() : "";
        checkLength(content);
        if (content.isBlank() && body.path("embeds").isEmpty()) {
            throw new ApiError(400, 50006, "Cannot send an empty message", null);
        }
        return content;
    }

    private void checkLength(String content) {
        if (content.length() > MAX_CONTENT) {
            ObjectNode errors = json.createObjectNode();
            errors.putObject("content")
                    .putArray("_errors")
                    .addObject()
                    .put("code", "BASE_TYPE_MAX_LENGTH")
                    .put("message", "Must be " + MAX_CONTENT + " or fewer in length.");
            throw new ApiError(400, 50035, "Invalid Form Body", errors);
        }
    }

    private JsonNode allowedMentions(JsonNode body) {
        JsonNode allowed = body.get("allowed_mentions");
        if (allowed == null || allowed.isNull()) {
            return null;
        }
        for (JsonNode parse : allowed.path("parse")) {
            String kind = parse.asText();
            if (!Set.of("roles", "users", "everyone").contains(kind)) {
                throw new ApiError(400, 50035, "Invalid Form Body", null);
            }
            if (allowed.has(kind) && !allowed.path(kind).isEmpty()) {
                // Discord: parse and an explicit list of the same kind are mutually exclusive
                throw new ApiError(400, 50035, "Invalid Form Body", null);
            }
        }
        return allowed;
    }

    /**
     * Create DM: the bot's one DM channel with {@code recipient_id} (a snowflake, as a string or a number),
     * returned again on every call as Discord does.
     */
    private Reply openDm(Matcher path, JsonNode body, Map<String, String> query) {
        JsonNode recipient = body.path("recipient_id");
        if (!recipient.isTextual() && !recipient.isIntegralNumber()) {
            ObjectNode errors = json.createObjectNode();
            errors.putObject("recipient_id")
                    .putArray("_errors")
                    .addObject()
                    .put("code", recipient.isMissingNode() ? "BASE_TYPE_REQUIRED" : "NUMBER_TYPE_COERCE")
                    .put("message", recipient.isMissingNode() ? "This field is required" : "Value is not snowflake.");
            throw new ApiError(400, 50035, "Invalid Form Body", errors);
        }
        FakeUser user = state.user(recipient.asText());
        if (user == null || user.equals(state.bot)) {
            throw new ApiError(400, 50033, "Invalid Recipient(s)", null);
        }
        return new Reply(200, payloads.channel(state.channels.get(state.dmChannel(user))));
    }

    private Reply createMessage(Matcher path, JsonNode body, Map<String, String> query) {
        FakeDiscordState.Channel channel = channel(path.group(1));
        long has = botMay(channel, sendPermission(channel));
        if (channel.locked && (has & FakePermission.MANAGE_THREADS.bit) == 0) {
            throw new ApiError(400, 160005, "Thread is locked", null);
        }
        if (!body.path("embeds").isEmpty() && (has & FakePermission.EMBED_LINKS.bit) == 0) {
            throw new ApiError(403, 50013, "Missing Permissions", null);
        }
        JsonNode wantsReply = body.get("message_reference");
        if (wantsReply != null && !wantsReply.isNull() && (has & FakePermission.READ_MESSAGE_HISTORY.bit) == 0) {
            throw new ApiError(400, 160002, "Cannot reply without permission to read message history", null);
        }
        String nonce = body.path("nonce").asText(null);
        if (nonce != null && body.path("enforce_nonce").asBoolean(false)) {
            String earlier = nonces.get(channel.id + ":" + nonce);
            if (earlier != null) {
                return new Reply(200, payloads.message(state.messages.get(earlier), true));
            }
        }
        String content = content(body);
        JsonNode allowed = allowedMentions(body);
        JsonNode rows = components.components(body.get("components"));
        JsonNode embeds = components.embeds(body.get("embeds"));
        String referenceId = null;
        JsonNode reference = body.get("message_reference");
        if (reference != null && !reference.isNull()) {
            String id = reference.path("message_id").asText();
            FakeDiscordState.Message target = state.messages.get(id);
            if (target != null && target.channelId.equals(channel.id)) {
                referenceId = id;
            } else if (reference.path("fail_if_not_exists").asBoolean(true)) {
                ObjectNode errors = json.createObjectNode();
                errors.putObject("message_reference")
                        .putArray("_errors")
                        .addObject()
                        .put("code", "REPLIES_UNKNOWN_MESSAGE")
                        .put("message", "Unknown message");
                throw new ApiError(400, 50035, "Invalid Form Body", errors);
            }
        }
        FakeDiscordState.Message message = new FakeDiscordState.Message(
                state.ids.next(), channel.id, state.bot, content, referenceId, allowed, null, 0);
        message.components = rows;
        message.embeds = embeds;
        state.messages.put(message.id, message);
        if (nonce != null) {
            nonces.put(channel.id + ":" + nonce, message.id);
        }
        ObjectNode payload = payloads.message(message, true);
        gateway.dispatch("MESSAGE_CREATE", payload);
        return new Reply(200, payload);
    }

    private Reply editMessage(Matcher path, JsonNode body, Map<String, String> query) {
        FakeDiscordState.Channel channel = channel(path.group(1));
        botMay(channel, 0);
        FakeDiscordState.Message message = state.messages.get(path.group(2));
        if (message == null || !message.channelId.equals(channel.id)) {
            throw new ApiError(404, 10008, "Unknown Message", null);
        }
        if (!message.author.equals(state.bot)) {
            throw new ApiError(403, 50005, "Cannot edit a message authored by another user", null);
        }
        return new Reply(200, applyEdit(message, body));
    }

    /** A PATCH changes only the fields it names: content, components, embeds. */
    private ObjectNode applyEdit(FakeDiscordState.Message message, JsonNode body) {
        JsonNode rows = body.has("components") ? components.components(body.get("components")) : null;
        JsonNode embeds = body.has("embeds") ? components.embeds(body.get("embeds")) : null;
        if (body.has("content")) {
            String content =
                    body.path("content").isTextual() ? body.path("content").asText() : "";
            if (content.isBlank() && (embeds != null ? embeds : message.embeds).isEmpty()) {
                throw new ApiError(400, 50006, "Cannot send an empty message", null);
            }
            checkLength(content);
            message.content = content;
            message.versions.add(content);
        }
        if (rows != null) {
            message.components = rows;
        }
        if (embeds != null) {
            message.embeds = embeds;
        }
        allowedMentions(body);
        message.editedAt = Instant.now();
        return payloads.message(message, true);
    }

    private Reply typing(Matcher path, JsonNode body, Map<String, String> query) {
        FakeDiscordState.Channel channel = channel(path.group(1));
        botMay(channel, sendPermission(channel));
        return new Reply(204, null);
    }

    private Reply startThread(Matcher path, JsonNode body, Map<String, String> query) {
        FakeDiscordState.Channel channel = channel(path.group(1));
        FakeDiscordState.Message message = state.messages.get(path.group(2));
        if (message == null || !message.channelId.equals(channel.id)) {
            throw new ApiError(404, 10008, "Unknown Message", null);
        }
        if (channel.type != FakeDiscordState.TEXT) {
            throw new ApiError(400, 50024, "Cannot execute action on this channel type", null);
        }
        botMay(channel, FakePermission.CREATE_PUBLIC_THREADS.bit);
        if (message.threadId != null) {
            throw new ApiError(400, 160004, "A thread has already been created for this message", null);
        }
        String name = body.path("name").asText("");
        if (name.isBlank() || name.length() > 100) {
            throw new ApiError(400, 50035, "Invalid Form Body", null);
        }
        // a thread started from a message shares the message's id
        FakeDiscordState.Channel thread = state.thread(channel.id, name, state.bot.id(), message.id);
        message.threadId = thread.id;
        ObjectNode payload = payloads.channel(thread);
        gateway.dispatch("THREAD_CREATE", payload.deepCopy().put("newly_created", true));
        return new Reply(201, payload);
    }

    /** Discord's locales for localized command texts. */
    private static final Set<String> LOCALES = Set.of(
            "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl",
            "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW",
            "ko");

    /** A description of 1–100 characters, and localizations only for Discord's locales, each 1–100 too. */
    private static boolean validDescription(JsonNode node) {
        String description = node.path("description").asText("");
        if (description.isEmpty() || description.length() > 100) {
            return false;
        }
        JsonNode localized = node.path("description_localizations");
        if (localized.isMissingNode() || localized.isNull()) {
            return true;
        }
        if (!localized.isObject()) {
            return false;
        }
        for (var entry : localized.properties()) {
            String text = entry.getValue().asText("");
            if (!LOCALES.contains(entry.getKey()) || text.isEmpty() || text.length() > 100) {
                return false;
            }
        }
        return true;
    }

    private Reply putCommands(Matcher path, JsonNode body, Map<String, String> query) {
        if (!path.group(1).equals(state.applicationId)) {
            throw new ApiError(403, 50001, "Missing Access", null);
        }
        if (!body.isArray() || body.size() > 100) {
            throw new ApiError(400, 50035, "Invalid Form Body", null);
        }
        ArrayNode result = json.createArrayNode();
        for (JsonNode command : body) {
            String name = command.path("name").asText("");
            String description = command.path("description").asText("");
            if (!COMMAND_NAME.matcher(name).matches() || !validDescription(command)) {
                throw new ApiError(400, 50035, "Invalid Form Body", null);
            }
            boolean optionalSeen = false;
            for (JsonNode option : command.path("options")) {
                if (!COMMAND_NAME.matcher(option.path("name").asText("")).matches() || !validDescription(option)) {
                    throw new ApiError(400, 50035, "Invalid Form Body", null);
                }
                int type = option.path("type").asInt(0);
                // 3 STRING … 11 ATTACHMENT; 1 and 2 are sub-commands
                if (type < 1 || type > 11) {
                    throw new ApiError(400, 50035, "Invalid Form Body", null);
                }
                boolean required = option.path("required").asBoolean(false);
                if (required && optionalSeen) {
                    // Discord: required options must be placed before non-required options
                    throw new ApiError(400, 50035, "Invalid Form Body", null);
                }
                optionalSeen |= !required;
            }
            ObjectNode stored = command.deepCopy();
            stored.put("id", state.ids.next())
                    .put("application_id", state.applicationId)
                    .put("version", state.ids.next());
            result.add(stored);
        }
        state.commands = result;
        return new Reply(200, result);
    }

    private FakeDiscordState.Interaction interaction(String id, String token) {
        FakeDiscordState.Interaction interaction = state.interactions.get(id);
        if (interaction == null || !interaction.token.equals(token)) {
            throw new ApiError(404, 10062, "Unknown interaction", null);
        }
        return interaction;
    }

    private Reply callback(Matcher path, JsonNode body, Map<String, String> query) {
        FakeDiscordState.Interaction interaction = interaction(path.group(1), path.group(2));
        if (System.nanoTime() - interaction.createdNanos
                > settings.interactionDeadline().toNanos()) {
            throw new ApiError(404, 10062, "Unknown interaction", null);
        }
        synchronized (interaction) {
            if (interaction.acknowledged()) {
                throw new ApiError(400, 40060, "Interaction has already been acknowledged.", null);
            }
            int type = body.path("type").asInt();
            JsonNode data = body.path("data");
            int flags = data.path("flags").asInt(0) & EPHEMERAL;
            FakeDiscordState.Message original;
            if ((type == 6 || type == 7) && !interaction.component()) {
                // deferred update and update message answer only a component's interaction
                throw new ApiError(400, 40043, "Interaction callback type is invalid for this interaction", null);
            }
            if (type == 6 || type == 7) {
                original = state.messages.get(interaction.componentMessageId);
                if (type == 7) {
                    applyEdit(original, data);
                }
                interaction.originalMessageId = original.id;
                interaction.callbackType = type;
                return new Reply(204, null);
            }
            switch (type) {
                case 4 ->
                    original = new FakeDiscordState.Message(
                            state.ids.next(),
                            interaction.channelId,
                            state.bot,
                            content(data),
                            null,
                            allowedMentions(data),
                            interaction.id,
                            flags);
                case 5 ->
                    original = new FakeDiscordState.Message(
                            state.ids.next(),
                            interaction.channelId,
                            state.bot,
                            "",
                            null,
                            null,
                            interaction.id,
                            flags | LOADING);
                default -> throw new ApiError(400, 50035, "Invalid Form Body", null);
            }
            state.messages.put(original.id, original);
            interaction.originalMessageId = original.id;
            interaction.ephemeral = flags != 0;
            interaction.callbackType = type;
            if (!"true".equals(query.get("with_response"))) {
                return new Reply(204, null);
            }
            ObjectNode response = json.createObjectNode();
            response.putObject("interaction")
                    .put("id", interaction.id)
                    .put("type", 2)
                    .put("response_message_id", original.id)
                    .put("response_message_loading", type == 5)
                    .put("response_message_ephemeral", flags != 0);
            ObjectNode resource = response.putObject("resource").put("type", type);
            if (type == 4) {
                resource.set("message", payloads.message(original, false));
            }
            return new Reply(200, response);
        }
    }

    /** An interaction whose webhook token is still valid: acknowledged and under 15 minutes old. */
    private FakeDiscordState.Interaction hookOwner(String applicationId, String token) {
        FakeDiscordState.Interaction interaction = state.interactions.values().stream()
                .filter(i -> i.token.equals(token))
                .findFirst()
                .orElse(null);
        if (!state.applicationId.equals(applicationId)
                || interaction == null
                || !interaction.acknowledged()
                || System.nanoTime() - interaction.createdNanos > TOKEN_LIFETIME.toNanos()) {
            throw new ApiError(404, 10015, "Unknown Webhook", null);
        }
        return interaction;
    }

    private Reply editHookMessage(Matcher path, JsonNode body, Map<String, String> query) {
        FakeDiscordState.Interaction interaction = hookOwner(path.group(1), path.group(2));
        String id = path.group(3).equals("@original") ? interaction.originalMessageId : path.group(3);
        FakeDiscordState.Message message = state.messages.get(id);
        boolean own = message != null
                && (interaction.id.equals(message.interactionId) || message.id.equals(interaction.originalMessageId));
        if (!own) {
            throw new ApiError(404, 10008, "Unknown Message", null);
        }
        return new Reply(200, applyEdit(message, body));
    }

    private Reply followUp(Matcher path, JsonNode body, Map<String, String> query) {
        FakeDiscordState.Interaction interaction = hookOwner(path.group(1), path.group(2));
        int flags = body.path("flags").asInt(0) & EPHEMERAL;
        String content = content(body);
        JsonNode rows = components.components(body.get("components"));
        JsonNode embeds = components.embeds(body.get("embeds"));
        FakeDiscordState.Message message = new FakeDiscordState.Message(
                state.ids.next(),
                interaction.channelId,
                state.bot,
                content,
                null,
                allowedMentions(body),
                interaction.id,
                flags);
        message.components = rows;
        message.embeds = embeds;
        state.messages.put(message.id, message);
        interaction.followUps.add(message.id);
        return new Reply(200, payloads.message(message, false));
    }
}
