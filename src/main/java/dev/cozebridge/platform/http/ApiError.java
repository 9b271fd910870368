package dev.cozebridge.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;

/**
 * An error answered in OpenAI's format {@code {"error":{"message","type","param","code"}}}. Messages are written for
 * the API client: they say what is wrong and never contain a secret.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final boolean upstream;
    private final long retryAfterSeconds;

    ApiError(int status, String type, String message, String param, String code) {
        this(status, type, message, param, code, false, 0);
    }

    private ApiError(
            int status, String type, String message, String param, String code, boolean upstream, long retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.upstream = upstream;
        this.retryAfterSeconds = retryAfter;
    }

    static ApiError badRequest(String message, String param) {
        return new ApiError(400, "invalid_request_error", message, param, null);
    }

    /** 413 for a body over the API's limit, whether declared by Content-Length or found while reading. */
    static ApiError tooLarge(long limitBytes) {
        return new ApiError(
                413,
                "invalid_request_error",
                "The request body is larger than " + limitBytes / (1024 * 1024) + " MB.",
                null,
                "request_too_large");
    }

    /** 408 for a body that stopped arriving before it was complete. */
    static ApiError bodyTimedOut() {
        return new ApiError(
                408,
                "invalid_request_error",
                "The request body stopped arriving before it was complete; send the whole body without pausing.",
                null,
                "request_timeout");
    }

    /** 429 from the bridge's own per-key limits, with the seconds for {@code Retry-After}. */
    static ApiError tooManyRequests(String message, String code, long retryAfterSeconds) {
        return new ApiError(429, "rate_limit_error", message, null, code, false, retryAfterSeconds);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, "authentication_error", message, null, "invalid_api_key");
    }

    static ApiError unknownModel(String model) {
        return new ApiError(
                404,
                "invalid_request_error",
                "The model '" + model + "' does not exist; GET /v1/models lists the bots and aliases served here.",
                "model",
                "model_not_found");
    }

    /**
     * A Coze failure as an HTTP answer: 429 when Coze rate-limits, 504 when it timed out, 502 otherwise. The
     * message carries Coze's code and log id so the client can quote them.
     */
    static ApiError upstream(AgentFailure failure) {
        String detail = Catalog.of(BotLocale.EN).failure(failure.kind()) + " (Coze code " + failure.code()
                + (failure.logId() == null ? "" : ", log id " + failure.logId()) + ")";
        return switch (failure.kind()) {
            case RATE_LIMITED -> new ApiError(429, "rate_limit_error", detail, null, "rate_limit_exceeded", true, 0);
            case TIMEOUT -> new ApiError(504, "api_error", detail, null, "upstream_timeout", true, 0);
            default -> new ApiError(502, "api_error", detail, null, "coze_" + failure.code(), true, 0);
        };
    }

    /** True for a Coze failure, which was logged with its detail where it happened. */
    boolean upstream() {
        return upstream;
    }

    int status() {
        return status;
    }

    /** Seconds to send in {@code Retry-After}; 0 for none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", getMessage());
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }
}
