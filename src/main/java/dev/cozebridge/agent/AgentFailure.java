package dev.cozebridge.agent;

import dev.cozebridge.core.FailureKind;

/**
 * A typed failure of an agent call.
 *
 * @param kind    the catalog entry (user sentence, retryability)
 * @param code    Coze's business code, or the HTTP status when there was none, or 0
 * @param message Coze's message or a technical description; for logs, never shown to users; never a secret
 * @param logId   Coze's {@code x-tt-logid} / {@code detail.logid}, or null
 */
public record AgentFailure(FailureKind kind, int code, String message, String logId) {

    /** One line for logs and stderr: kind, code, message and log id. */
    public String describe() {
        return kind + " (code " + code + "): " + message + (logId == null ? "" : " [logid " + logId + "]");
    }
}
