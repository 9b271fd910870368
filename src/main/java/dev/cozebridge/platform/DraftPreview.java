package dev.cozebridge.platform;

import dev.cozebridge.core.ReplyTarget;

/**
 * Optional: the platform can show an ephemeral live preview of a message being written (Telegram
 * sendMessageDraft). The core then streams into the draft and sends the final text with
 * {@link PlatformAdapter#send}; without drafts it edits a sent message instead.
 */
public interface DraftPreview {
    /** Whether drafts are enabled and possible for this target (private chats only on Telegram). */
    boolean draftsFor(ReplyTarget target);

    /** Shows or updates draft {@code draftId} (non-zero, stable for one reply). */
    void draft(ReplyTarget target, long draftId, String markdown);
}
