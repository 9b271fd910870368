package dev.cozebridge.arch.violations.conversation;

import dev.cozebridge.arch.violations.agent.coze.Client;
import dev.cozebridge.arch.violations.platform.Adapter;
import dev.cozebridge.arch.violations.platform.console.Chat;

/** The core reaching into an adapter and into the Coze client. */
public record Service(Adapter adapter, Chat chat, Client client) {}
