package dev.cozebridge.command;

import dev.cozebridge.core.Text;
import java.util.List;

/**
 * A command as users see it. Platforms build their menus from these specs (Telegram setMyCommands, Discord
 * slash commands, the terminal's /help), with the description in each language of the catalog.
 *
 * @param name        lower-case, no slash, valid on every platform (Telegram: 1–32 of a-z, 0-9, _)
 * @param description the catalog entry of its one-line description (Telegram and Discord cap it at 100 characters)
 * @param options     its arguments, in order
 */
public record CommandSpec(String name, Text description, List<Option> options) {
    public CommandSpec {
        options = List.copyOf(options);
    }

    /** An argument: text, or a file where the platform can take one (a Discord slash-command attachment). */
    public record Option(String name, Text description, boolean required, Type type) {
        public enum Type {
            TEXT,
            FILE
        }

        /** A text argument. */
        public Option(String name, Text description, boolean required) {
            this(name, description, required, Type.TEXT);
        }
    }
}
