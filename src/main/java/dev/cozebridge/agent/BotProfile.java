package dev.cozebridge.agent;

import java.util.List;

/**
 * What the agent tells about its bot (Coze {@code GET /v1/bots/{bot_id}}): the greeting for new conversations and
 * the bot's own shortcut commands. Parts the agent does not have (Coze Studio, an unreachable service) are empty.
 *
 * @param name               the bot's name as Coze knows it, or null
 * @param prologue           the greeting, with {@code {{user_name}}} still in it, or null
 * @param suggestedQuestions the questions offered with the greeting, in order
 * @param shortcuts          the shortcut commands, in order
 */
public record BotProfile(String name, String prologue, List<String> suggestedQuestions, List<Shortcut> shortcuts) {

    /** Nothing known: no greeting, no shortcuts. */
    public static final BotProfile NONE = new BotProfile(null, null, List.of(), List.of());

    public BotProfile {
        suggestedQuestions = List.copyOf(suggestedQuestions);
        shortcuts = List.copyOf(shortcuts);
    }

    /** Whether the bot greets new conversations. */
    public boolean hasPrologue() {
        return prologue != null && !prologue.isBlank();
    }

    /** The greeting for {@code userName}: Coze leaves substituting {@code {{user_name}}} to the caller. */
    public String prologueFor(String userName) {
        return prologue == null
                ? ""
                : prologue.replace("{{user_name}}", userName == null ? "" : userName)
                        .strip();
    }

    /**
     * One shortcut command.
     *
     * @param id          Coze's command id, sent back as {@code shortcut_command.command_id}
     * @param command     the command as Coze writes it, e.g. {@code /sc_demo}
     * @param name        its display name
     * @param description its description, or null
     * @param components  the values it asks for, in order
     */
    public record Shortcut(String id, String command, String name, String description, List<Component> components) {
        public Shortcut {
            components = List.copyOf(components);
        }

        /** The components a user fills in: not hidden, and not files (a command line cannot carry one). */
        public List<Component> visibleComponents() {
            return components.stream()
                    .filter(c -> !c.hidden() && !"file".equals(c.type()))
                    .toList();
        }
    }

    /**
     * One value of a shortcut.
     *
     * @param name         the key of {@code shortcut_command.parameters}
     * @param description  what to enter, or null
     * @param type         {@code text}, {@code select} or {@code file}
     * @param defaultValue used when the user gives nothing, or null
     * @param options      the choices of a {@code select}
     * @param hidden       not shown to users
     */
    public record Component(
            String name, String description, String type, String defaultValue, List<String> options, boolean hidden) {
        public Component {
            options = List.copyOf(options);
        }
    }
}
