package dev.cozebridge.core;

/** How a stored turn ended. Only {@link #COMPLETE} and {@link #PARTIAL} turns are relayed to Coze as history. */
public enum TurnStatus {
    /** Still streaming (or the process died while it was). */
    STREAMING,
    COMPLETE,
    /** The answer started but was cut short (Coze failure mid-stream, crash). */
    PARTIAL,
    FAILED,
    CANCELLED,
    /**
     * A user message that was not asked: over the sender's rate, behind a full queue, or too old when its turn came.
     * Kept so the history and the stats show it.
     */
    REFUSED
}
