package dev.cozebridge.platform.http;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.platform.http.ChatInput.Image;
import dev.cozebridge.platform.http.ChatInput.ImageData;
import dev.cozebridge.platform.http.ChatInput.Message;

/**
 * The bot's {@code media} limits for a chat request, checked before anything is uploaded: how many images one
 * request may carry, how large each uploaded one may be, and whether the bot takes images at all. Without them one
 * request could trigger hundreds of uploads.
 */
final class MediaCaps {
    private MediaCaps() {}

    static void check(ChatInput input, BotSettings.MediaSettings media) {
        int images = 0;
        for (int i = 0; i < input.messages().size(); i++) {
            Message message = input.messages().get(i);
            for (Image image : message.images()) {
                images++;
                if (!media.accepts(Attachment.Kind.IMAGE)) {
                    throw ApiError.badRequest(
                            "Model '" + input.model() + "' does not accept images (media.kinds).",
                            "messages[" + i + "].content");
                }
                if (image instanceof ImageData data && data.bytes().length > media.maxBytes()) {
                    throw ApiError.badRequest(
                            "An image in messages[" + i + "] has " + data.bytes().length + " bytes; model '"
                                    + input.model() + "' accepts at most " + media.maxBytes() + " (media.max_bytes).",
                            "messages[" + i + "].content");
                }
            }
        }
        if (images > media.maxFiles()) {
            throw ApiError.badRequest(
                    "This request carries " + images + " images; model '" + input.model() + "' accepts at most "
                            + media.maxFiles() + " per request (media.max_files).",
                    "messages");
        }
    }
}
