package dev.cozebridge.command;

import java.util.List;

/** The commands every platform offers. */
public final class BridgeCommands {

    public static final CommandSpec RESET = new CommandSpec("reset", "Clear this conversation's history", List.of());

    public static final CommandSpec HELP = new CommandSpec("help", "How to use this bot", List.of());

    /** For platforms with a command form of a question (slash commands, group chats that need an address). */
    public static final CommandSpec ASK = new CommandSpec(
            "ask", "Ask the bot a question", List.of(new CommandSpec.Option("prompt", "Your question", true)));

    private BridgeCommands() {}

    /** All commands, in the order menus show them. */
    public static List<CommandSpec> all() {
        return List.of(ASK, RESET, HELP);
    }
}
