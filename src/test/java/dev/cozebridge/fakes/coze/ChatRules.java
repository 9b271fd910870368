package dev.cozebridge.fakes.coze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The request rules of {@code POST /v3/chat} the fake enforces (§3.2, §3.3). Returns the reason a real Coze would
 * give (code 4000 "invalid parameter"), or null when the request is acceptable.
 */
final class ChatRules {
    private static final Set<String> ROLES = Set.of("user", "assistant");
    private static final Set<String> CONTENT_TYPES = Set.of("text", "object_string");
    private static final Set<String> ITEM_TYPES = Set.of("text", "image", "file", "audio");

    private final ObjectMapper json;

    ChatRules(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param studio   Coze Studio streams when {@code stream} is omitted; coze.com would answer synchronously
     * @param uploaded the file ids this account uploaded: a {@code file_id} item must name one of them
     */
    String violation(JsonNode body, boolean studio, Set<String> uploaded) {
        if (!body.isObject()) {
            return "request body must be a JSON object";
        }
        if (body.has("conversation_id")) {
            return "conversation_id must be passed as a query parameter";
        }
        if (!body.path("bot_id").isTextual() || body.path("bot_id").asText().isBlank()) {
            return "bot_id is required and must be a string";
        }
        if (!body.path("user_id").isTextual() || body.path("user_id").asText().isBlank()) {
            return "user_id is required and must be a string";
        }
        if (!body.path("stream").isBoolean() && !(studio && body.path("stream").isMissingNode())) {
            return "stream must be set explicitly to true or false";
        }
        if (!body.path("stream").asBoolean(studio)) {
            return "FakeCoze serves stream=true only";
        }
        if (body.has("auto_save_history") && !body.get("auto_save_history").isBoolean()) {
            return "auto_save_history must be a boolean";
        }
        boolean saved = body.path("auto_save_history").asBoolean(true);
        String mapProblem = stringMap(body.get("custom_variables"), "custom_variables", 1000, 1000, 100_000, true);
        if (mapProblem != null) {
            return mapProblem;
        }
        mapProblem = stringMap(body.get("meta_data"), "meta_data", 16, 64, 512, false);
        if (mapProblem != null) {
            return mapProblem;
        }
        JsonNode messages = body.get("additional_messages");
        if (messages == null) {
            return "additional_messages must carry the user query when no conversation is given";
        }
        if (!messages.isArray() || messages.isEmpty()) {
            return "additional_messages must be a non-empty array";
        }
        if (messages.size() > 100) {
            return "additional_messages may hold at most 100 messages, got " + messages.size();
        }
        for (int i = 0; i < messages.size(); i++) {
            String problem = message(messages.get(i), saved, uploaded);
            if (problem == null && !studio && mediaOnly(messages.get(i)) && !plainTextNextTo(messages, i)) {
                // §3.3: a pure image/file message must be adjacent to a plain text message (Studio does not check)
                problem = "an object_string message without text must be next to a plain text message";
            }
            if (problem != null) {
                return "additional_messages[" + i + "]: " + problem;
            }
        }
        if (!"user".equals(messages.get(messages.size() - 1).path("role").asText())) {
            return "the last additional message must have role user";
        }
        return null;
    }

    private boolean mediaOnly(JsonNode m) {
        if (!"object_string".equals(m.path("content_type").asText())) {
            return false;
        }
        try {
            for (JsonNode item : json.readTree(m.path("content").asText())) {
                if ("text".equals(item.path("type").asText())) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean plainTextNextTo(JsonNode messages, int i) {
        for (int j : new int[] {i - 1, i + 1}) {
            if (j >= 0
                    && j < messages.size()
                    && "text".equals(messages.get(j).path("content_type").asText("text"))) {
                return true;
            }
        }
        return false;
    }

    private String message(JsonNode m, boolean saved, Set<String> uploaded) {
        String role = m.path("role").asText("");
        if (!ROLES.contains(role)) {
            return "role must be user or assistant";
        }
        String type = m.path("type").asText("question");
        if ("question".equals(type) && !"user".equals(role)) {
            return "type question is only valid with role user";
        }
        if (saved && !Set.of("question", "answer").contains(type)) {
            return "only question and answer messages are accepted when auto_save_history is true";
        }
        if (!m.path("content").isTextual()) {
            return "content must be a string";
        }
        String content = m.get("content").asText();
        if (content.isEmpty()) {
            return null;
        }
        String contentType = m.path("content_type").asText("");
        if (!CONTENT_TYPES.contains(contentType)) {
            return "content_type must be text or object_string";
        }
        if ("object_string".equals(contentType)) {
            if ("assistant".equals(role)) {
                return "assistant messages may only carry text";
            }
            return objectString(content, uploaded);
        }
        return null;
    }

    private String objectString(String content, Set<String> uploaded) {
        JsonNode items;
        try {
            items = json.readTree(content);
        } catch (Exception e) {
            return "object_string content must be a JSON array";
        }
        if (!items.isArray() || items.isEmpty()) {
            return "object_string content must be a non-empty JSON array";
        }
        int texts = 0;
        int media = 0;
        for (JsonNode item : items) {
            String type = item.path("type").asText("");
            if (!ITEM_TYPES.contains(type)) {
                return "object_string item type must be text, image, file or audio";
            }
            if ("text".equals(type)) {
                texts++;
                if (!item.path("text").isTextual()) {
                    return "a text item needs text";
                }
            } else {
                media++;
                if (!item.path("file_id").isTextual() && !item.path("file_url").isTextual()) {
                    return "a " + type + " item needs file_id or file_url";
                }
                if (item.path("file_id").isTextual()
                        && !uploaded.contains(item.get("file_id").asText())) {
                    return "file_id " + item.get("file_id").asText() + " was not uploaded by this account";
                }
                if (!item.path("file_id").isTextual()
                        && !item.get("file_url").asText().matches("https?://.+")) {
                    return "file_url must be a public http(s) URL";
                }
            }
        }
        if (texts > 1) {
            return "at most one text item per object_string message";
        }
        if (texts == 1 && media == 0) {
            return "pure text must use content_type text";
        }
        return null;
    }

    private static String stringMap(
            JsonNode map, String name, int maxPairs, int maxKey, int maxValue, boolean identifierKeys) {
        if (map == null) {
            return null;
        }
        if (!map.isObject()) {
            return name + " must be an object of strings";
        }
        if (map.size() > maxPairs) {
            return name + " may hold at most " + maxPairs + " pairs";
        }
        Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.isEmpty() || key.length() > maxKey) {
                return name + " key length must be 1.." + maxKey;
            }
            if (identifierKeys && !key.matches("[A-Za-z_]+")) {
                return name + " keys may only use ASCII letters and _";
            }
            if (!field.getValue().isTextual()) {
                return name + "." + key + " must be a string";
            }
            int length = field.getValue().asText().length();
            if (!identifierKeys && (length < 1 || length > maxValue)) {
                return name + "." + key + " value length must be 1.." + maxValue;
            }
        }
        return null;
    }
}
