package dev.cozebridge.platform;

/**
 * Optional: the platform is the operator's own, like the terminal chat, where only the person who runs the
 * bridge writes. The per-user message limit ({@code access.messages_per_minute}) protects a bot and its Coze
 * quota from other people, so the core does not apply it here; the allow and deny lists still apply.
 */
public interface OperatorChannel {}
