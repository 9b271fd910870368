package dev.cozebridge.fakes.discord;

/** A file a user attaches to a message or a slash command in the fake Discord. */
public record FakeAttachment(String filename, String contentType, byte[] bytes) {
    public static FakeAttachment png(String filename, byte[] bytes) {
        return new FakeAttachment(filename, "image/png", bytes);
    }
}
