package dev.cozebridge.fakes.coze;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One {@code POST /v3/chat} the fake received (accepted or rejected).
 *
 * @param body          the parsed JSON body (a MissingNode when it was not JSON)
 * @param query         query parameters
 * @param headers       headers, names lower-cased
 * @param messages      {@code additional_messages} as simple records
 * @param receivedNanos {@link System#nanoTime()} at arrival, for ordering and spacing checks
 * @param receivedAt    the fake clock at arrival
 * @param rejectedCode  the Coze code the fake answered with instead of a stream, or 0
 * @param logId         the {@code x-tt-logid} of the response
 */
public record RecordedChat(
        JsonNode body,
        Map<String, String> query,
        Map<String, String> headers,
        List<Message> messages,
        long receivedNanos,
        Instant receivedAt,
        int rejectedCode,
        String logId) {

    /** One entry of additional_messages. */
    public record Message(String role, String type, String contentType, String content) {}

    public String botId() {
        return body.path("bot_id").asText(null);
    }

    public String userId() {
        return body.path("user_id").asText(null);
    }

    /** The conversation_id query parameter, or null. */
    public String conversationId() {
        return query.get("conversation_id");
    }

    public String authorization() {
        return headers.get("authorization");
    }

    /** The content of the last user message, or "" when there is none. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return "";
    }
}
