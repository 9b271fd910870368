package dev.cozebridge.platform;

/**
 * A file that could not be fetched from the platform. Its message is for logs and never contains a token or a
 * signed URL.
 */
public final class MediaDownloadException extends Exception {
    private final boolean tooLarge;

    public MediaDownloadException(String message, boolean tooLarge, Throwable cause) {
        super(message, cause);
        this.tooLarge = tooLarge;
    }

    /** True when the file is larger than allowed (the caller's limit, or the platform's own). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
