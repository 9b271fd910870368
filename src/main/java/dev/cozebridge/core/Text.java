package dev.cozebridge.core;

/**
 * The keys of every sentence the bridge itself writes into a chat: notices, failures, help, command
 * descriptions, confirmations. The texts live in {@code catalog/<locale>.properties}, one file per
 * {@link BotLocale}; {@code {0}}, {@code {1}} ... are filled in by {@link Catalog#get}.
 */
public enum Text {
    FAILURE_INVALID_TOKEN("failure.invalid_token"),
    FAILURE_ACCESS_TOKEN_INVALID("failure.access_token_invalid"),
    FAILURE_PERMISSION_DENIED("failure.permission_denied"),
    FAILURE_BOT_NOT_FOUND("failure.bot_not_found"),
    FAILURE_BAD_REQUEST("failure.bad_request"),
    FAILURE_RATE_LIMITED("failure.rate_limited"),
    FAILURE_CONVERSATION_BUSY("failure.conversation_busy"),
    FAILURE_SERVER_ERROR("failure.server_error"),
    FAILURE_TIMEOUT("failure.timeout"),
    FAILURE_CONNECTION("failure.connection"),
    FAILURE_STREAM_CUT("failure.stream_cut"),
    FAILURE_MALFORMED_RESPONSE("failure.malformed_response"),
    FAILURE_CANCELLED("failure.cancelled"),
    FAILURE_ACTION_REQUIRED("failure.action_required"),
    FAILURE_UNSUPPORTED("failure.unsupported"),
    FAILURE_OTHER("failure.other"),

    /** {0}: how many seconds until the sender may write again. */
    NOTICE_RATE_LIMITED("notice.rate_limited"),
    NOTICE_BUSY("notice.busy"),
    NOTICE_SHUTTING_DOWN("notice.shutting_down"),
    NOTICE_CLOSED("notice.closed"),
    NOTICE_INTERRUPTED("notice.interrupted"),
    /** {0}: how many minutes the message waited in the queue. */
    NOTICE_STALE("notice.stale"),
    NOTICE_EMPTY_QUESTION("notice.empty_question"),
    NOTICE_SOMETHING_WENT_WRONG("notice.something_went_wrong"),
    /** {0}: the message's length in characters; {1}: the most a message may have. */
    NOTICE_TOO_LONG("notice.too_long"),
    NOTICE_NOT_ALLOWED("notice.not_allowed"),
    /** {0}: what Coze asked. */
    NOTICE_ACTION_REQUIRED_QUESTION("notice.action_required_question"),
    /** Under an answer that was stopped with the Stop button or /stop. */
    NOTICE_STOPPED("notice.stopped"),
    NOTICE_STOP_NOT_ALLOWED("notice.stop_not_allowed"),
    NOTICE_NOTHING_TO_STOP("notice.nothing_to_stop"),
    /** The answer to a Discord /stop that worked. */
    NOTICE_STOP_DONE("notice.stop_done"),
    /** A button of an old answer: expired, already used, or the conversation was reset since. */
    NOTICE_BUTTON_EXPIRED("notice.button_expired"),
    /**
     * To the asker, when the bot may not write where they asked. {0}: the channel (a Discord channel mention);
     * {1}: the permission to grant, as the platform names it.
     */
    NOTICE_MISSING_PERMISSION("notice.missing_permission"),

    /** The label of the Stop button under a streaming answer. */
    BUTTON_STOP("button.stop"),
    /** {0}: the plugin or workflow's name. */
    STATUS_TOOL("status.tool"),
    STATUS_TOOL_UNNAMED("status.tool_unnamed"),
    /** {0}: how many files a question may carry. */
    NOTICE_MEDIA_TOO_MANY("notice.media.too_many"),
    /** {0}: the file's name; {1}: the limit, such as "20 MB". */
    NOTICE_MEDIA_TOO_LARGE("notice.media.too_large"),
    /** {0}: the kind's name (one of the MEDIA_KIND_* texts). */
    NOTICE_MEDIA_KIND("notice.media.kind"),
    NOTICE_MEDIA_UNSUPPORTED("notice.media.unsupported"),
    /** {0}: the file's name. */
    NOTICE_MEDIA_DOWNLOAD_FAILED("notice.media.download_failed"),
    /** {0}: the file's name. */
    NOTICE_MEDIA_UPLOAD_FAILED("notice.media.upload_failed"),
    /** {0}: the file's name. */
    NOTICE_MEDIA_EMPTY("notice.media.empty"),
    NOTICE_VOICE_UNSUPPORTED("notice.voice.unsupported"),
    NOTICE_VOICE_FAILED("notice.voice.failed"),
    NOTICE_VOICE_EMPTY("notice.voice.empty"),

    RESET_DONE("reset.done"),
    RESET_FAILED("reset.failed"),
    RESET_ADMINS_ONLY("reset.admins_only"),
    RESET_ADMIN_UNKNOWN("reset.admin_unknown"),
    RESET_NEEDS_MANAGE_MESSAGES("reset.needs_manage_messages"),

    /** {0}: the command as typed. */
    COMMAND_UNKNOWN("command.unknown"),
    COMMAND_ASK("command.ask"),
    COMMAND_ASK_PROMPT("command.ask.prompt"),
    COMMAND_ASK_FILE("command.ask.file"),
    COMMAND_RESET("command.reset"),
    COMMAND_HELP("command.help"),
    COMMAND_START("command.start"),
    COMMAND_STOP("command.stop"),
    COMMAND_EXIT("command.exit"),

    /** {0}: the bot's name. */
    HELP_INTRO("help.intro"),
    HELP_PRIVATE("help.private"),
    /** {0}: the ask command's name. */
    HELP_GROUP("help.group"),
    HELP_MEDIA("help.media"),
    HELP_STREAMING("help.streaming"),
    HELP_TERMINAL("help.terminal"),
    HELP_COMMANDS("help.commands"),

    /** The heading of the knowledge sources under an answer. */
    ANSWER_SOURCES("answer.sources"),
    /** Under the last page of an earlier answer that an edited question's new, shorter answer no longer uses. */
    ANSWER_SUPERSEDED("answer.superseded"),
    /** {0}: what Coze heard in a voice message. */
    VOICE_HEARD("voice.heard"),

    /** Sent to Coze as the question when someone sends files without a word (Coze wants text beside them). */
    MEDIA_DEFAULT_PROMPT("media.default_prompt"),
    MEDIA_KIND_IMAGE("media.kind.image"),
    MEDIA_KIND_FILE("media.kind.file"),
    MEDIA_KIND_AUDIO("media.kind.audio"),
    MEDIA_KIND_VIDEO("media.kind.video"),
    /** In the history once Coze no longer keeps a file: {0} the kind's name, {1} the file's name. */
    MEDIA_PLACEHOLDER("media.placeholder"),
    /** {0}: a Discord sticker's name; asked when a sticker comes without text. */
    MEDIA_STICKER("media.sticker"),
    /** Above a quoted message sent to Coze: {0} who wrote it. */
    QUOTE_HEADER("quote.header"),

    /** {0}: the display name of the person who started the thread. */
    THREAD_NAME("thread.name"),

    /** {0}: the bot's name. */
    CHAT_WELCOME("chat.welcome"),
    /** {0}: why reading failed. */
    CHAT_READ_FAILED("chat.read_failed"),
    CHAT_GAVE_UP("chat.gave_up");

    private final String key;

    Text(String key) {
        this.key = key;
    }

    /** The property name in the catalog files. */
    public String key() {
        return key;
    }

    /** The failure sentence for a catalog entry of {@link FailureKind}. */
    public static Text of(FailureKind kind) {
        return valueOf("FAILURE_" + kind.name());
    }

    /** The name of an attachment kind, for notices and history placeholders. */
    public static Text of(Attachment.Kind kind) {
        return valueOf("MEDIA_KIND_" + kind.name());
    }
}
