package dev.cozebridge.platform;

import java.time.Duration;

/** A platform call that did not succeed. Messages never contain tokens. */
public class PlatformException extends RuntimeException {

    public enum Kind {
        /** The platform asked to wait {@link #retryAfter()} and try again. */
        RATE_LIMITED,
        /** The message, chat or permission is gone: stop writing to this reply. */
        GONE,
        /**
         * This one message can no longer be edited (deleted, too old, not found) while its chat is still writable:
         * the reply goes on in a new message.
         */
        MESSAGE_GONE,
        /** Anything else; the core logs it and gives up on this write. */
        FAILED
    }

    private final Kind kind;
    private final Duration retryAfter;
    private final boolean reported;

    public PlatformException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        this(kind, message, retryAfter, cause, false);
    }

    private PlatformException(Kind kind, String message, Duration retryAfter, Throwable cause, boolean reported) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.reported = reported;
    }

    public static PlatformException rateLimited(Duration retryAfter, String message) {
        return new PlatformException(Kind.RATE_LIMITED, message, retryAfter, null);
    }

    public static PlatformException gone(String message, Throwable cause) {
        return new PlatformException(Kind.GONE, message, null, cause);
    }

    public static PlatformException messageGone(String message, Throwable cause) {
        return new PlatformException(Kind.MESSAGE_GONE, message, null, cause);
    }

    /**
     * GONE for want of a permission the adapter has already named to the operator (once per chat, not per
     * write): the core stops the reply as for any GONE and logs it only at debug.
     */
    public static PlatformException refused(String message, Throwable cause) {
        return new PlatformException(Kind.GONE, message, null, cause, true);
    }

    public static PlatformException failed(String message, Throwable cause) {
        return new PlatformException(Kind.FAILED, message, null, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** True when the adapter already logged this refusal for the operator ({@link #refused}). */
    public boolean reported() {
        return reported;
    }

    /** Only for RATE_LIMITED. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
