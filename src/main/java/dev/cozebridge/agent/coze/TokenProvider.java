package dev.cozebridge.agent.coze;

/**
 * Supplies the bearer for Coze calls. Implementations are thread-safe and never reveal the token in toString or
 * exception messages.
 */
interface TokenProvider {
    /**
     * The bearer to send now; may block while a fresh one is minted.
     *
     * @throws dev.cozebridge.agent.AgentFailureException when no token can be obtained
     */
    String bearer();

    /** Coze rejected {@code bearer}; forget it so the next {@link #bearer()} mints a new one (if it can). */
    void invalidate(String bearer);

    /** Whether {@link #invalidate} can lead to a different, possibly valid token (OAuth), unlike a fixed PAT. */
    boolean renewable();
}
