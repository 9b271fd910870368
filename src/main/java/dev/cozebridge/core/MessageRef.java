package dev.cozebridge.core;

/** A message the bot sent, as the platform identifies it; enough to edit it later, even after a restart. */
public record MessageRef(String channelId, String messageId) {}
