package dev.cozebridge.agent;

import dev.cozebridge.core.Role;

/**
 * One entry of the history sent to the agent.
 *
 * @param role         user or assistant
 * @param content      plain text (Markdown), or for {@code objectString} the JSON array text Coze expects
 * @param objectString true when {@code content} is an object_string array (multimodal)
 */
public record AgentMessage(Role role, String content, boolean objectString) {
    public static AgentMessage user(String text) {
        return new AgentMessage(Role.USER, text, false);
    }

    public static AgentMessage assistant(String text) {
        return new AgentMessage(Role.ASSISTANT, text, false);
    }
}
