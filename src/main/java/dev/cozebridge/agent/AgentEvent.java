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

    /**
     * A fragment of the model's chain of thought (Coze {@code reasoning_content}), to append. Only reasoning models
     * with deep thinking on send it, before (and possibly between) the answer's text.
     */
    record ReasoningDelta(String messageId, String text) implements AgentEvent {}

    /** The bot started a plugin or workflow ({@code function_call}); {@code name} may be null. */
    record ToolStarted(String name) implements AgentEvent {}

    /** The running plugin or workflow answered ({@code tool_response}). */
    record ToolFinished() implements AgentEvent {}

    /**
     * The bot paused for a step only an interactive client can take (a workflow question node, a client-side
     * plugin): Coze's {@code requires_action}. {@code question} is what Coze asks, or null. A {@link Failed} of kind
     * {@code ACTION_REQUIRED} follows.
     */
    record ActionRequired(String question) implements AgentEvent {}

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
