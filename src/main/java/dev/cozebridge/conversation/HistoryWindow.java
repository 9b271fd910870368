package dev.cozebridge.conversation;

import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.store.StoredTurn;
import java.util.ArrayList;
import java.util.List;

/** Turns stored history into the messages relayed to the agent. */
final class HistoryWindow {

    /** Coze accepts at most this many additional messages per chat. */
    static final int MAX_MESSAGES = 100;

    private HistoryWindow() {}

    /**
     * Completed and partial turns, oldest first, at most {@link #MAX_MESSAGES} of the newest. In a multi-user
     * conversation user turns carry their author's name, {@code [Alice] text}, so the bot can tell people apart.
     */
    static List<AgentMessage> messages(List<StoredTurn> turns, boolean multiUser) {
        List<AgentMessage> messages = new ArrayList<>(turns.size());
        for (StoredTurn turn : turns) {
            if (turn.status() != TurnStatus.COMPLETE && turn.status() != TurnStatus.PARTIAL) {
                continue;
            }
            if (turn.text() == null || turn.text().isBlank()) {
                continue;
            }
            if (turn.role() == Role.ASSISTANT) {
                messages.add(AgentMessage.assistant(turn.text()));
            } else if (multiUser && turn.author() != null) {
                messages.add(AgentMessage.user("[" + speaker(turn) + "] " + turn.text()));
            } else {
                messages.add(AgentMessage.user(turn.text()));
            }
        }
        return messages.size() <= MAX_MESSAGES
                ? messages
                : new ArrayList<>(messages.subList(messages.size() - MAX_MESSAGES, messages.size()));
    }

    private static String speaker(StoredTurn turn) {
        String name = turn.author().displayName();
        return name == null || name.isBlank() ? turn.author().id() : name.replace("]", ")");
    }
}
