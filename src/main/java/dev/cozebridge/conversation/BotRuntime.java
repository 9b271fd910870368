package dev.cozebridge.conversation;

import dev.cozebridge.agent.Agent;
import dev.cozebridge.config.BotSettings;

/** A configured bot and the agent that answers for it. */
public record BotRuntime(BotSettings settings, Agent agent) {}
