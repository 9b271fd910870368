package dev.cozebridge.fakes.coze;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Any request the fake received, in arrival order. Header names are lower-cased; {@code target} is the raw request
 * target (absolute-form {@code http://host/path} when the client came through an HTTP proxy).
 */
public record RecordedRequest(
        String method,
        String target,
        String path,
        Map<String, String> query,
        Map<String, String> headers,
        byte[] body,
        long receivedNanos,
        String logId) {
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
