package dev.cozebridge.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cozebridge.platform.http.ChatInput.Image;
import dev.cozebridge.platform.http.ChatInput.ImageData;
import dev.cozebridge.platform.http.ChatInput.ImageUrl;
import dev.cozebridge.platform.http.ChatInput.Message;
import dev.cozebridge.platform.http.ChatInput.Role;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Validates a chat-completions body and reduces it to {@link ChatInput}; everything it cannot honour is a 400 that
 * names the offending field. Sampling options (temperature, max_tokens, ...) are accepted and ignored: the Coze
 * bot's own configuration decides them.
 */
final class ChatRequestParser {
    /** Coze takes at most 100 {@code additional_messages}. */
    static final int MAX_MESSAGES = 100;

    private ChatRequestParser() {}

    static ChatInput parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object.", null);
        }
        String model = requiredString(body, "model");
        JsonNode messagesNode = body.get("messages");
        if (messagesNode == null || messagesNode.isNull()) {
            throw ApiError.badRequest("'messages' is required.", "messages");
        }
        if (!messagesNode.isArray() || messagesNode.isEmpty()) {
            throw ApiError.badRequest("'messages' must be a non-empty array.", "messages");
        }
        boolean stream = optionalBoolean(body, "stream");
        boolean includeUsage = false;
        JsonNode streamOptions = body.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!streamOptions.isObject()) {
                throw ApiError.badRequest("'stream_options' must be an object.", "stream_options");
            }
            includeUsage = optionalBoolean(streamOptions, "include_usage");
        }
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && JsonBody.wholeNumber(n).orElse(0) != 1) {
            throw ApiError.badRequest("Only n=1 is supported: a Coze bot gives one answer per chat.", "n");
        }
        for (String field : List.of("tools", "functions")) {
            JsonNode tools = body.get(field);
            if (tools != null && !tools.isNull() && !tools.isEmpty()) {
                throw ApiError.badRequest("'" + field + "' is not supported: a Coze bot calls its own plugins.", field);
            }
        }
        String user = null;
        JsonNode userNode = body.get("user");
        if (userNode != null && !userNode.isNull()) {
            if (!userNode.isTextual() || userNode.asText().isBlank()) {
                throw ApiError.badRequest("'user' must be a non-empty string.", "user");
            }
            user = userNode.asText();
        }

        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < messagesNode.size(); i++) {
            messages.add(message(messagesNode.get(i), "messages[" + i + "]"));
        }
        Message last = messages.getLast();
        if (last.role() != Role.USER) {
            throw ApiError.badRequest(
                    "The last message must have role 'user': it is the question Coze answers.",
                    "messages[" + (messages.size() - 1) + "].role");
        }
        long relayed = messages.stream().filter(m -> m.role() != Role.SYSTEM).count();
        if (relayed > MAX_MESSAGES) {
            throw ApiError.badRequest(
                    "Coze accepts at most " + MAX_MESSAGES + " user and assistant messages per chat; this request has "
                            + relayed + ".",
                    "messages");
        }
        return new ChatInput(model, messages, stream, includeUsage, user);
    }

    private static Message message(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("'" + path + "' must be an object with 'role' and 'content'.", path);
        }
        JsonNode roleNode = node.get("role");
        if (roleNode == null || !roleNode.isTextual()) {
            throw ApiError.badRequest("'" + path + ".role' is required.", path + ".role");
        }
        String role = roleNode.asText();
        return switch (role) {
            case "system", "developer" -> textOnly(Role.SYSTEM, node, path, false);
            case "assistant" -> {
                JsonNode toolCalls = node.get("tool_calls");
                if (toolCalls != null && !toolCalls.isNull() && !toolCalls.isEmpty()) {
                    throw ApiError.badRequest(
                            "'" + path + ".tool_calls' is not supported: a Coze bot calls its own plugins.",
                            path + ".tool_calls");
                }
                yield textOnly(Role.ASSISTANT, node, path, true);
            }
            case "user" -> user(node, path);
            case "tool", "function" ->
                throw ApiError.badRequest(
                        "'" + path + ".role' '" + role
                                + "' is not supported: a Coze bot calls its own plugins; send system, user and assistant messages.",
                        path + ".role");
            default ->
                throw ApiError.badRequest(
                        "'" + path + ".role' must be one of system, developer, user, assistant; got '" + role + "'.",
                        path + ".role");
        };
    }

    private static Message textOnly(Role role, JsonNode node, String path, boolean mayBeEmpty) {
        JsonNode content = node.get("content");
        String param = path + ".content";
        if (content == null || content.isNull()) {
            if (mayBeEmpty) {
                return new Message(role, "", List.of());
            }
            throw ApiError.badRequest("'" + param + "' is required.", param);
        }
        if (content.isTextual()) {
            return new Message(role, content.asText(), List.of());
        }
        if (!content.isArray()) {
            throw ApiError.badRequest("'" + param + "' must be a string or an array of content parts.", param);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partPath = param + "[" + i + "]";
            String type = partType(part, partPath);
            if (!type.equals("text") && !(role == Role.ASSISTANT && type.equals("refusal"))) {
                throw ApiError.badRequest(
                        "'" + partPath + "' has type '" + type + "'; "
                                + role.name().toLowerCase(Locale.ROOT) + " messages take only text parts.",
                        partPath);
            }
            appendText(text, partText(part, type, partPath));
        }
        return new Message(role, text.toString(), List.of());
    }

    private static Message user(JsonNode node, String path) {
        JsonNode content = node.get("content");
        String param = path + ".content";
        if (content == null || content.isNull()) {
            throw ApiError.badRequest("'" + param + "' is required.", param);
        }
        if (content.isTextual()) {
            if (content.asText().isBlank()) {
                throw ApiError.badRequest("'" + param + "' must not be empty.", param);
            }
            return new Message(Role.USER, content.asText(), List.of());
        }
        if (!content.isArray() || content.isEmpty()) {
            throw ApiError.badRequest("'" + param + "' must be a string or a non-empty array of content parts.", param);
        }
        StringBuilder text = new StringBuilder();
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partPath = param + "[" + i + "]";
            String type = partType(part, partPath);
            switch (type) {
                case "text" -> appendText(text, partText(part, type, partPath));
                case "image_url" -> images.add(image(part.get("image_url"), partPath + ".image_url"));
                default ->
                    throw ApiError.badRequest(
                            "'" + partPath + "' has type '" + type
                                    + "'; only 'text' and 'image_url' parts are supported.",
                            partPath + ".type");
            }
        }
        if (text.isEmpty() && images.isEmpty()) {
            throw ApiError.badRequest("'" + param + "' has neither text nor images.", param);
        }
        return new Message(Role.USER, text.toString(), images);
    }

    private static Image image(JsonNode imageUrl, String path) {
        JsonNode urlNode = imageUrl == null ? null : imageUrl.isObject() ? imageUrl.get("url") : imageUrl;
        if (urlNode == null || !urlNode.isTextual() || urlNode.asText().isBlank()) {
            throw ApiError.badRequest("'" + path + ".url' is required.", path + ".url");
        }
        String url = urlNode.asText().strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new ImageUrl(url);
        }
        if (lower.startsWith("data:")) {
            return dataUrl(url, path + ".url");
        }
        throw ApiError.badRequest("'" + path + ".url' must be an http(s) URL or a base64 data: URL.", path + ".url");
    }

    private static ImageData dataUrl(String url, String path) {
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw ApiError.badRequest("'" + path + "' is not a valid data: URL (no comma).", path);
        }
        String header = url.substring("data:".length(), comma);
        if (!header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
            throw ApiError.badRequest("'" + path + "' must be a base64 data: URL (data:image/png;base64,...).", path);
        }
        String mediaType =
                header.substring(0, header.length() - ";base64".length()).toLowerCase(Locale.ROOT);
        int parameters = mediaType.indexOf(';');
        if (parameters >= 0) {
            mediaType = mediaType.substring(0, parameters);
        }
        if (!mediaType.startsWith("image/")) {
            throw ApiError.badRequest(
                    "'" + path + "' must hold an image; its media type is '" + mediaType + "'.", path);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(url.substring(comma + 1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'" + path + "' does not hold valid base64 data.", path);
        }
        if (bytes.length == 0) {
            throw ApiError.badRequest("'" + path + "' holds an empty image.", path);
        }
        return new ImageData(mediaType, bytes);
    }

    private static String partType(JsonNode part, String path) {
        if (part == null || !part.isObject()) {
            throw ApiError.badRequest("'" + path + "' must be an object with a 'type'.", path);
        }
        JsonNode type = part.get("type");
        if (type == null || !type.isTextual()) {
            throw ApiError.badRequest("'" + path + ".type' is required.", path + ".type");
        }
        return type.asText();
    }

    private static String partText(JsonNode part, String field, String path) {
        JsonNode text = part.get(field);
        if (text == null || !text.isTextual()) {
            throw ApiError.badRequest("'" + path + "." + field + "' must be a string.", path + "." + field);
        }
        return text.asText();
    }

    private static void appendText(StringBuilder text, String part) {
        if (part.isEmpty()) {
            return;
        }
        if (!text.isEmpty()) {
            text.append("\n\n");
        }
        text.append(part);
    }

    private static String requiredString(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.badRequest("'" + field + "' is required.", field);
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiError.badRequest("'" + field + "' must be a non-empty string.", field);
        }
        return node.asText();
    }

    private static boolean optionalBoolean(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiError.badRequest("'" + field + "' must be true or false.", field);
        }
        return node.booleanValue();
    }
}
