package dev.cozebridge.conversation;

import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentMessage.FileItem;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.store.StoredFile;
import dev.cozebridge.store.StoredTurn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns stored history into the messages relayed to the agent. */
final class HistoryWindow {

    /** Coze accepts at most this many additional messages per chat. */
    static final int MAX_MESSAGES = 100;

    /**
     * Coze keeps an uploaded file three months (media-and-interactions §1.1); a day less, so a file never expires
     * between building the window and Coze reading it.
     */
    static final Duration FILE_LIFETIME = Duration.ofDays(89);

    private HistoryWindow() {}

    /**
     * Completed and partial turns, oldest first, at most {@link #MAX_MESSAGES} of the newest. In a multi-user
     * conversation user turns carry their author's name, {@code [Alice] text}, so the bot can tell people apart.
     * A user turn's files go with it by their Coze file id while Coze keeps them, else as a short
     * {@code [image: name]} in the text.
     */
    static List<AgentMessage> messages(List<StoredTurn> turns, boolean multiUser, Catalog catalog, Instant now) {
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
                continue;
            }
            String text = multiUser && turn.author() != null ? "[" + speaker(turn) + "] " + turn.text() : turn.text();
            List<FileItem> files = new ArrayList<>();
            StringBuilder gone = new StringBuilder();
            for (StoredFile file : turn.files()) {
                if (file.uploadedAt().plus(FILE_LIFETIME).isAfter(now)) {
                    files.add(FileItem.uploaded(
                            file.kind() == Attachment.Kind.IMAGE ? FileItem.Type.IMAGE : FileItem.Type.FILE,
                            file.cozeFileId()));
                } else {
                    gone.append('\n')
                            .append(catalog.get(
                                    Text.MEDIA_PLACEHOLDER, catalog.get(Text.of(file.kind())), file.name()));
                }
            }
            messages.add(AgentMessage.userWithFiles(text + gone, files));
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
