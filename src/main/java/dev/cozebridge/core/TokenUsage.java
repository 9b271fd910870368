package dev.cozebridge.core;

/** Coze's token accounting for one chat. */
public record TokenUsage(long inputTokens, long outputTokens, long totalTokens) {
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);
}
