package dev.cozebridge.agent;

/** A running agent chat. */
public interface AgentCall {
    /**
     * Stops the run: closes the HTTP stream and, when the upstream chat id is known, asks the agent to cancel it.
     * The sink then receives a {@link AgentEvent.Failed} of kind CANCELLED unless a terminal event came first.
     * Safe to call from any thread, more than once.
     */
    void cancel();

    /** Blocks until the terminal event has been delivered. */
    void await() throws InterruptedException;
}
