package dev.cozebridge.agent;

/** Thrown by non-streaming agent calls (upload, cancel) that fail; carries the typed failure. */
public class AgentFailureException extends RuntimeException {
    private final AgentFailure failure;

    public AgentFailureException(AgentFailure failure) {
        super(failure.describe());
        this.failure = failure;
    }

    public AgentFailureException(AgentFailure failure, Throwable cause) {
        super(failure.describe(), cause);
        this.failure = failure;
    }

    public AgentFailure failure() {
        return failure;
    }
}
