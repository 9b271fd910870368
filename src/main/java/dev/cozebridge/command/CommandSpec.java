package dev.cozebridge.command;

import java.util.List;

/**
 * A command as users see it.
 *
 * @param name        lower-case, no slash, valid on every platform (Telegram: 1–32 of a-z, 0-9, _)
 * @param description one short line (Telegram and Discord cap it at 100 characters)
 * @param options     its arguments, in order
 */
public record CommandSpec(String name, String description, List<Option> options) {
    public CommandSpec {
        options = List.copyOf(options);
    }

    /** A text argument. */
    public record Option(String name, String description, boolean required) {}
}
