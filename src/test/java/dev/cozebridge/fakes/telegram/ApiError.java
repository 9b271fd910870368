package dev.cozebridge.fakes.telegram;

/** An error answer: HTTP status = error_code. */
final class ApiError extends Exception {
    final int code;
    final Integer retryAfter;

    ApiError(int code, String description) {
        this(code, description, null);
    }

    ApiError(int code, String description, Integer retryAfter) {
        super(description, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }
}
