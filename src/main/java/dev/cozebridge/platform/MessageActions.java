package dev.cozebridge.platform;

import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import java.util.List;

/**
 * Optional: the platform shows buttons under messages (Telegram inline keyboards, Discord action rows). A press
 * arrives through {@link InboundSink#press}. The core uses these methods instead of {@link PlatformAdapter#send}
 * and {@link PlatformAdapter#edit} for every write of a reply, so each write states the buttons the message
 * carries from then on; an empty list means none. Threading and unhappy paths are those of the adapter.
 */
public interface MessageActions {

    /** How many buttons one message may carry (Discord: one action row of five). */
    int maxActions();

    /** Posts a new message with these buttons. */
    MessageRef send(ReplyTarget target, String markdown, List<MessageAction> actions);

    /** Replaces a message's text and its buttons. */
    void edit(MessageRef message, String markdown, List<MessageAction> actions);

    /** Removes every button of a message, keeping its text (a pressed suggestion, an answer that ended). */
    void clearActions(MessageRef message);
}
