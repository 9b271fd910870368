package dev.cozebridge.arch.violations.agent.coze;

import dev.cozebridge.arch.violations.agent.Agent;

/** The Coze implementation of the agent contract. */
public final class Client implements Agent {}
