package dev.cozebridge.agent;

/** Turns speech into text, so a voice message can be asked like a typed one. */
public interface Transcriber {
    /** The largest recording the agent takes, in bytes. */
    long maxBytes();

    /**
     * Blocking transcription of one recording.
     *
     * @return what was said; empty when nothing could be made out
     * @throws AgentFailureException with kind {@link dev.cozebridge.core.FailureKind#UNSUPPORTED} when the agent's
     *     server has no speech API (Coze Studio), or the typed failure when it refuses or cannot be reached
     */
    String transcribe(String fileName, String mediaType, byte[] audio);
}
