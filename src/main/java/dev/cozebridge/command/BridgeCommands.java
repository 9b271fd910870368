package dev.cozebridge.command;

import dev.cozebridge.core.Text;
import java.util.List;

/** The commands the bridge offers, declared once; each surface lists the ones it understands. */
public final class BridgeCommands {

    /** For platforms with a command form of a question (slash commands, group chats that need an address). */
    public static final CommandSpec ASK = new CommandSpec(
            "ask",
            Text.COMMAND_ASK,
            List.of(
                    new CommandSpec.Option("prompt", Text.COMMAND_ASK_PROMPT, true),
                    new CommandSpec.Option("file", Text.COMMAND_ASK_FILE, false, CommandSpec.Option.Type.FILE)));

    public static final CommandSpec RESET = new CommandSpec("reset", Text.COMMAND_RESET, List.of());

    public static final CommandSpec HELP = new CommandSpec("help", Text.COMMAND_HELP, List.of());

    /** Stops the answer being written in the conversation (the asker or an administrator). */
    public static final CommandSpec STOP = new CommandSpec("stop", Text.COMMAND_STOP, List.of());

    /** Telegram's first command of every private chat. */
    public static final CommandSpec START = new CommandSpec("start", Text.COMMAND_START, List.of());

    /** The terminal chat's way out. */
    public static final CommandSpec EXIT = new CommandSpec("exit", Text.COMMAND_EXIT, List.of());

    private BridgeCommands() {}

    /** Where commands are typed; each surface has its own list and help. */
    public enum Surface {
        /** Discord and Telegram: private chats and groups. */
        CHAT,
        /** The operator's terminal chat. */
        TERMINAL
    }

    /** The commands {@code surface} offers, in the order menus and help show them. */
    public static List<CommandSpec> offered(Surface surface) {
        return switch (surface) {
            case CHAT -> List.of(ASK, STOP, RESET, HELP);
            case TERMINAL -> List.of(RESET, HELP, EXIT);
        };
    }
}
