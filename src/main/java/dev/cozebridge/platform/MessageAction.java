package dev.cozebridge.platform;

/**
 * A button under a message. Pressing it comes back as {@link InboundSink#press} with {@link #id()}; what it does
 * is looked up by the core, so the id stays short enough for every platform (Telegram callback data is at most
 * 64 bytes, a Discord custom id at most 100 characters).
 *
 * @param id    an opaque ASCII token of at most 64 bytes
 * @param label the text on the button, as long as it is; the adapter shortens it to what the platform shows
 * @param kind  what the button is for, so the adapter can style it
 */
public record MessageAction(String id, String label, Kind kind) {

    public enum Kind {
        /** A question to ask (a follow-up suggestion, a suggested first question). */
        SUGGESTION,
        /** Stops the answer being written. */
        STOP
    }
}
