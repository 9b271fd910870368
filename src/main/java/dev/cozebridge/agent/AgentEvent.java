package dev.cozebridge.agent;

import dev.cozebridge.core.Citation;
import dev.cozebridge.core.TokenUsage;
import java.util.List;

/**
 * What an agent run reports, in order. A run ends with exactly one {@link Finished} or {@link Failed}.
 */
public sealed interface AgentEvent {

    /** The chat exists upstream; ids let a cancel reach Coze. */
    record ChatStarted(String chatId, String conversationId) implements AgentEvent {}

    /** A new fragment of answer {@code messageId}, to append. */
    record TextDelta(String messageId, String text) implements AgentEvent {}

    /** The authoritative full text of answer {@code messageId}; replaces what the deltas built. */
    record AnswerCompleted(String messageId, String text) implements AgentEvent {}

    /** Knowledge-base sources recalled for this chat, in recall order (may be empty). */
    record KnowledgeRecalled(List<Citation> citations) implements AgentEvent {}

    /** One suggested next question. */
    record FollowUp(String text) implements AgentEvent {}

    record Usage(TokenUsage usage) implements AgentEvent {}

    /** The chat completed successfully. Terminal. */
    record Finished() implements AgentEvent {}

    /** The chat failed, before or after text started. Terminal. */
    record Failed(AgentFailure failure) implements AgentEvent {}
}
