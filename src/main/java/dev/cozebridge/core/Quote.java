package dev.cozebridge.core;

import java.util.List;

/**
 * The message a question replies to, carried to Coze marked as quoted: the part the user quoted (Telegram's
 * {@code quote}) or the whole text or caption, and its pictures.
 *
 * @param author who wrote the quoted message (display name)
 * @param text   the quoted text, may be empty when the message was only a picture
 * @param images its pictures, uploaded with the question like the question's own
 */
public record Quote(String author, String text, List<Attachment> images) {
    public Quote {
        text = text == null ? "" : text;
        images = List.copyOf(images);
    }

    public boolean isEmpty() {
        return text.isBlank() && images.isEmpty();
    }
}
