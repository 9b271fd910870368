package dev.cozebridge.agent;

/** Uploads a file to the agent's storage so a message can reference it by id. */
public interface FileUploader {
    /**
     * Blocking upload.
     *
     * @return the agent's file id
     * @throws AgentFailureException with the typed failure when the agent refuses or cannot be reached
     */
    String upload(String fileName, String mediaType, byte[] content);
}
