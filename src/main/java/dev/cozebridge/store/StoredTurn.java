package dev.cozebridge.store;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import java.time.Instant;
import java.util.List;

/**
 * One stored turn.
 *
 * @param platformMessageId the inbound platform id for user turns, null for assistant turns
 * @param messages          platform messages the reply was sent as (assistant turns), in order
 * @param author            the user for user turns; null for assistant turns
 * @param files             the files a user turn carried (references only), in order
 */
public record StoredTurn(
        long id,
        Role role,
        Author author,
        String text,
        TurnStatus status,
        String platformMessageId,
        List<MessageRef> messages,
        TokenUsage usage,
        List<Citation> citations,
        Instant at,
        List<StoredFile> files) {
    public StoredTurn {
        messages = List.copyOf(messages);
        citations = List.copyOf(citations);
        files = List.copyOf(files);
    }

    /** A turn without files. */
    public StoredTurn(
            long id,
            Role role,
            Author author,
            String text,
            TurnStatus status,
            String platformMessageId,
            List<MessageRef> messages,
            TokenUsage usage,
            List<Citation> citations,
            Instant at) {
        this(id, role, author, text, status, platformMessageId, messages, usage, citations, at, List.of());
    }
}
