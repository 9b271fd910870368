package dev.cozebridge.agent;

import dev.cozebridge.core.ShortcutCall;
import java.util.List;
import java.util.Map;

/**
 * One chat run.
 *
 * @param botId           the Coze bot id, always a string
 * @param userId          an opaque, stable end-user key (we use the conversation key)
 * @param conversationId  an upstream Coze conversation id, or null for a stateless chat
 * @param messages        the history window, the new user message last (at most 100)
 * @param customVariables prompt variables, may be empty
 * @param metaData        opaque key/values echoed by Coze, may be empty
 * @param shortcut        the shortcut command this chat runs, or null for a plain question
 */
public record AgentRequest(
        String botId,
        String userId,
        String conversationId,
        List<AgentMessage> messages,
        Map<String, String> customVariables,
        Map<String, String> metaData,
        ShortcutCall shortcut) {
    public AgentRequest {
        messages = List.copyOf(messages);
        customVariables = Map.copyOf(customVariables);
        metaData = Map.copyOf(metaData);
    }

    /** A plain question (no shortcut command). */
    public AgentRequest(
            String botId,
            String userId,
            String conversationId,
            List<AgentMessage> messages,
            Map<String, String> customVariables,
            Map<String, String> metaData) {
        this(botId, userId, conversationId, messages, customVariables, metaData, null);
    }
}
