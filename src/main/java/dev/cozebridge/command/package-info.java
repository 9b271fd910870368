/**
 * Platform-neutral commands: each declared once as a {@link dev.cozebridge.command.CommandSpec} that adapters map
 * to their own form (Telegram {@code /command}, Discord slash command, terminal {@code /command}), and the
 * handlers that carry them out.
 */
package dev.cozebridge.command;
