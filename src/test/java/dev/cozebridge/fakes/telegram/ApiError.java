package dev.cozebridge.fakes.telegram;

/** An error answer: HTTP status = error_code; {@code parameters} carry retry_after or migrate_to_chat_id. */
final class ApiError extends Exception {
    final int code;
    final Integer retryAfter;
    final Long migrateTo;

    ApiError(int code, String description) {
        this(code, description, null);
    }

    ApiError(int code, String description, Integer retryAfter) {
        this(code, description, retryAfter, null);
    }

    private ApiError(int code, String description, Integer retryAfter, Long migrateTo) {
        super(description, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
        this.migrateTo = migrateTo;
    }

    /** Any call to a group that became a supergroup (media-and-interactions §2.7). */
    static ApiError upgraded(long supergroupId) {
        return new ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", null, supergroupId);
    }
}
