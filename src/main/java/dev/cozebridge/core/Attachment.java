package dev.cozebridge.core;

import java.util.Locale;
import java.util.Objects;

/**
 * A file someone sent with a message, as the core sees it: what it is and how the adapter that received it finds
 * it again. The bytes are fetched later, on the conversation's worker, through the adapter's
 * {@code platform.MediaDownload}; nothing here is binary, so a message with attachments can be queued or stored as
 * data.
 *
 * @param kind      what Coze is given: an image, a file, audio (transcribed) or a video (sent as a file)
 * @param name      the file name to upload it under (never empty; adapters invent one when the platform has none)
 * @param mediaType the MIME type, or {@code application/octet-stream} when the platform did not say
 * @param size      its size in bytes as the platform announced it, or -1 when unknown
 * @param ref       the adapter's own handle for it (a Telegram file_id, a Discord CDN URL); opaque to the core and
 *                  never logged by it
 */
public record Attachment(Kind kind, String name, String mediaType, long size, String ref) {

    /** What kind of content an attachment carries; {@link #configName()} is its name in {@code media.kinds}. */
    public enum Kind {
        IMAGE,
        FILE,
        AUDIO,
        VIDEO;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind named {@code written} in bots.yml, or null. */
        public static Kind parse(String written) {
            for (Kind kind : values()) {
                if (kind.configName().equalsIgnoreCase(written.strip())) {
                    return kind;
                }
            }
            return null;
        }
    }

    public static final String OCTET_STREAM = "application/octet-stream";

    public Attachment {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ref, "ref");
        name = name == null || name.isBlank() ? "file" : name;
        mediaType = mediaType == null || mediaType.isBlank() ? OCTET_STREAM : mediaType;
    }

    /** Whether the platform announced a size above {@code maxBytes}. */
    public boolean announcedOver(long maxBytes) {
        return size > maxBytes;
    }

    /** The handle stays out of logs: a Discord CDN URL is signed. */
    @Override
    public String toString() {
        return "Attachment[" + kind + " " + name + " " + mediaType + " " + size + " bytes]";
    }
}
