package dev.cozebridge.platform.http;

import dev.cozebridge.agent.Agent;
import dev.cozebridge.agent.FileUploader;
import dev.cozebridge.config.BotSettings;
import java.util.Objects;

/**
 * One bot as the HTTP API serves it: its settings (name = model id, Coze bot id, custom variables, whether it
 * draws images), the agent that answers and the uploader for images sent as {@code data:} URLs.
 */
public record HttpBot(BotSettings settings, Agent agent, FileUploader uploader) {
    public HttpBot {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(uploader, "uploader");
    }

    public String name() {
        return settings.name();
    }
}
