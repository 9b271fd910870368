package dev.cozebridge.conversation;

import dev.cozebridge.agent.Agent;
import dev.cozebridge.agent.FileUploader;
import dev.cozebridge.agent.Transcriber;
import dev.cozebridge.config.BotSettings;

/**
 * A configured bot and the agent that answers for it.
 *
 * @param uploader    where the files people send are uploaded (the same Coze account as the agent), or null when
 *                    the bot takes no files
 * @param transcriber what turns voice messages into questions, or null when the bot takes none
 */
public record BotRuntime(BotSettings settings, Agent agent, FileUploader uploader, Transcriber transcriber) {

    /** The agent's own upload and transcription, when it has them (the Coze client has both). */
    public BotRuntime(BotSettings settings, Agent agent) {
        this(
                settings,
                agent,
                agent instanceof FileUploader uploader ? uploader : null,
                agent instanceof Transcriber transcriber ? transcriber : null);
    }
}
