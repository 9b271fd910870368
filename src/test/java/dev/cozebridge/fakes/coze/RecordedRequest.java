package dev.cozebridge.fakes.coze;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Any request the fake received, in arrival order. Header names are lower-cased. */
public record RecordedRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                              byte[] body, long receivedNanos, String logId) {
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
