package dev.cozebridge.platform;

import dev.cozebridge.core.ReplyTarget;
import java.util.List;

/**
 * Optional: the platform shows pictures by URL (Telegram sendPhoto/sendMediaGroup, Discord embeds). The core sends
 * an answer's images this way after its text.
 */
public interface PictureSender {

    /**
     * Sends the pictures after the answer, in order; blocks until the platform answered. Returns the URLs the
     * platform refused (it could not fetch or does not accept them); the core keeps their links in the text.
     *
     * @throws PlatformException of kind RATE_LIMITED when the platform asks to wait (the core repeats the call),
     *                           GONE when the chat is gone
     */
    List<String> sendPictures(ReplyTarget target, List<Picture> pictures);
}
