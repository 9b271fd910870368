package dev.cozebridge.platform;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Someone pressed one of the bot's buttons ({@link MessageAction}).
 *
 * @param bot         the bot whose message it is
 * @param platform    the platform kind
 * @param pressId     the platform's id of this press (Telegram callback query id, Discord interaction id); a
 *                    replayed press is acted on once
 * @param actionId    the pressed button's {@link MessageAction#id()}
 * @param author      who pressed it
 * @param message     the message carrying the button
 * @param target      where an answer to the press goes (the message's chat, thread or topic)
 * @param multiUser   true in group channels
 * @param places      the platform ids of where it was pressed, for the allow and deny lists
 * @param moderator   whether the presser administers the place (Telegram group administrator, Discord Manage
 *                    Messages); may block, so the core asks it on its own thread and only when it matters
 * @param acknowledge tells the platform the press was received, with a short notice for the presser or null;
 *                    the core calls it exactly once, soon after the press
 */
public record ButtonPress(
        String bot,
        String platform,
        String pressId,
        String actionId,
        Author author,
        MessageRef message,
        ReplyTarget target,
        boolean multiUser,
        List<String> places,
        BooleanSupplier moderator,
        Acknowledgement acknowledge) {

    public ButtonPress {
        places = List.copyOf(places);
    }

    /** The platform's answer to a press. */
    @FunctionalInterface
    public interface Acknowledgement {
        /** @param notice a sentence only the presser sees, or null for a silent acknowledgement */
        void send(String notice);
    }
}
