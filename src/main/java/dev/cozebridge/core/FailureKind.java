package dev.cozebridge.core;

/**
 * The failure catalog: every way a reply can fail, with the one sentence a user sees and whether it is worth
 * retrying before the answer starts. Logs carry the technical detail; users only ever see {@link #userMessage()}.
 */
public enum FailureKind {
    INVALID_TOKEN(
            "The Coze token was rejected: it is invalid, expired, or belongs to the other region (coze.com vs coze.cn).",
            false),
    ACCESS_TOKEN_INVALID("The Coze access token is invalid or has expired.", false),
    PERMISSION_DENIED("The Coze token has no permission for this bot or workspace.", false),
    BOT_NOT_FOUND("The Coze bot was not found; check the bot id and that it is published to the API channel.", false),
    BAD_REQUEST("Coze rejected the request as invalid.", false),
    RATE_LIMITED("Coze is rate limiting this bot right now; please try again in a moment.", true),
    CONVERSATION_BUSY(
            "Coze is still answering an earlier message in this conversation; please try again shortly.", false),
    SERVER_ERROR("Coze had an internal error; please try again.", true),
    TIMEOUT("Coze took too long to answer.", false),
    CONNECTION("Coze could not be reached.", true),
    STREAM_CUT("The connection to Coze was cut before the answer finished.", false),
    MALFORMED_RESPONSE("Coze sent a response the bridge could not understand.", false),
    CANCELLED("The answer was cancelled.", false),
    OTHER("Coze could not answer this message.", false);

    private final String userMessage;
    private final boolean retryableBeforeStart;

    FailureKind(String userMessage, boolean retryableBeforeStart) {
        this.userMessage = userMessage;
        this.retryableBeforeStart = retryableBeforeStart;
    }

    public String userMessage() {
        return userMessage;
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
