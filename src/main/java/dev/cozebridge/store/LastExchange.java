package dev.cozebridge.store;

import dev.cozebridge.core.MessageRef;
import java.util.List;

/**
 * The newest question of a conversation (since its last reset) and the reply to it, as an edit of that question
 * needs them.
 *
 * @param question       the user turn, whatever its status
 * @param answerTurnId   the assistant turn answering it, or 0 when there is none
 * @param answerMessages the platform messages that reply was sent as, in order
 */
public record LastExchange(StoredTurn question, long answerTurnId, List<MessageRef> answerMessages) {
    public LastExchange {
        answerMessages = List.copyOf(answerMessages);
    }
}
