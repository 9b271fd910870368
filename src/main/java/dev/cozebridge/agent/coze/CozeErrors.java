package dev.cozebridge.agent.coze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.core.FailureKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Classifies Coze's failure shapes (§8.1): JSON envelopes on any HTTP status, OAuth-style errors, non-JSON gateway
 * pages, and I/O problems. Business code wins over HTTP status; the log id comes from the header, else the body.
 */
final class CozeErrors {
    private static final int EXCERPT = 200;

    private final ObjectMapper json;

    CozeErrors(ObjectMapper json) {
        this.json = json;
    }

    /** A response that is not the expected success (non-2xx, or JSON where a stream or data was expected). */
    AgentFailure fromResponse(int status, String contentType, String body, String headerLogId) {
        JsonNode node = parse(body);
        if (node != null && node.isObject()) {
            String logId = headerLogId != null
                    ? headerLogId
                    : emptyToNull(node.path("detail").path("logid").asText(""));
            if (node.path("code").isNumber() && node.path("code").asInt() != 0) {
                int code = node.path("code").asInt();
                return new AgentFailure(
                        FailureKind.forCozeCode(code),
                        code,
                        "HTTP " + status + ": " + excerpt(node.path("msg").asText("")),
                        logId);
            }
            if (node.path("error_code").isTextual()) {
                return new AgentFailure(
                        FailureKind.INVALID_TOKEN,
                        status,
                        "OAuth " + node.get("error_code").asText() + ": "
                                + excerpt(node.path("error_message").asText("")),
                        logId);
            }
            if (status >= 400) {
                return new AgentFailure(
                        FailureKind.forCozeCode(status),
                        status,
                        "HTTP " + status + " with JSON body: " + excerpt(body),
                        logId);
            }
            return new AgentFailure(
                    FailureKind.MALFORMED_RESPONSE,
                    status,
                    "HTTP " + status + " JSON without an error code where a stream was expected: " + excerpt(body),
                    logId);
        }
        String what = "HTTP " + status + " " + (contentType == null ? "without content type" : contentType) + ": "
                + excerpt(body);
        if (status >= 400) {
            return new AgentFailure(FailureKind.forCozeCode(status), status, what, headerLogId);
        }
        return new AgentFailure(FailureKind.MALFORMED_RESPONSE, status, what, headerLogId);
    }

    /** An I/O failure; {@code streaming} tells whether the SSE response had already started. */
    static AgentFailure fromIo(IOException e, boolean streaming, String logId) {
        String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (e instanceof SocketTimeoutException
                || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
            return new AgentFailure(
                    FailureKind.TIMEOUT,
                    0,
                    (streaming ? "no event within the idle timeout: " : "no response within the timeout: ") + detail,
                    logId);
        }
        if (!streaming
                && (e instanceof ConnectException
                        || e instanceof UnknownHostException
                        || e instanceof NoRouteToHostException)) {
            return new AgentFailure(FailureKind.CONNECTION, 0, "cannot connect: " + detail, logId);
        }
        return new AgentFailure(
                streaming ? FailureKind.STREAM_CUT : FailureKind.CONNECTION,
                0,
                (streaming ? "stream cut: " : "request failed: ") + detail,
                logId);
    }

    /**
     * True when Coze itself answered (with a business code, e.g. "this chat is not running"), as opposed to no
     * answer at all (connection, timeout) or a gateway page (5xx).
     */
    static boolean cozeAnswered(AgentFailure failure) {
        return switch (failure.kind()) {
            case CONNECTION, TIMEOUT, STREAM_CUT, SERVER_ERROR, MALFORMED_RESPONSE, RATE_LIMITED, CANCELLED -> false;
            default -> true;
        };
    }

    /** True for the codes that mean "this access token is not (or no longer) valid". */
    static boolean isAuthFailure(AgentFailure failure) {
        return failure.code() == 4100 || failure.code() == 700012006 || failure.code() == 401;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "…";
    }
}
