package dev.cozebridge.core;

/**
 * The failure catalog: every way a reply can fail and whether it is worth retrying before the answer starts. The
 * sentence a user sees for each kind is in the {@link Catalog} ({@link Catalog#failure}); logs carry the
 * technical detail.
 */
public enum FailureKind {
    INVALID_TOKEN(false),
    ACCESS_TOKEN_INVALID(false),
    PERMISSION_DENIED(false),
    BOT_NOT_FOUND(false),
    BAD_REQUEST(false),
    RATE_LIMITED(true),
    CONVERSATION_BUSY(false),
    SERVER_ERROR(true),
    TIMEOUT(false),
    CONNECTION(true),
    STREAM_CUT(false),
    MALFORMED_RESPONSE(false),
    CANCELLED(false),
    /** The bot paused for an interactive step (Coze's requires_action) that the bridge cannot take. */
    ACTION_REQUIRED(false),
    /** The Coze server has no such API (Coze Studio has no audio transcription). */
    UNSUPPORTED(false),
    OTHER(false);

    private final boolean retryableBeforeStart;

    FailureKind(boolean retryableBeforeStart) {
        this.retryableBeforeStart = retryableBeforeStart;
    }

    /** Whether a failure of this kind may be retried while no event has arrived yet. */
    public boolean retryableBeforeStart() {
        return retryableBeforeStart;
    }

    /** Maps a Coze business code (or an HTTP status when there is no code) to its kind. */
    public static FailureKind forCozeCode(int code) {
        return switch (code) {
            case 4100, 4101, 401 -> INVALID_TOKEN;
            case 700012006 -> ACCESS_TOKEN_INVALID;
            case 403 -> PERMISSION_DENIED;
            case 4200, 404 -> BOT_NOT_FOUND;
            case 4000, 400 -> BAD_REQUEST;
            case 4013, 429 -> RATE_LIMITED;
            case 4016 -> CONVERSATION_BUSY;
            case 5000 -> SERVER_ERROR;
            default -> code >= 500 && code < 600 ? SERVER_ERROR : OTHER;
        };
    }
}
