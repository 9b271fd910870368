package dev.cozebridge.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.core.Cut;
import dev.cozebridge.core.ShortcutCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Coze bot's shortcut commands as platform commands. One command name per shortcut serves both platforms:
 * Telegram allows 1–32 of {@code a-z 0-9 _}, which Discord's slash command names accept too. Shortcuts whose name
 * collides with a bridge command or an earlier shortcut are left out.
 */
public final class Shortcuts {

    private static final int MAX_NAME = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A shortcut with the command name platforms register it under. */
    public record Named(String name, BotProfile.Shortcut shortcut) {}

    private Shortcuts() {}

    /** The shortcuts of {@code profile} that can be platform commands, with their names, in Coze's order. */
    public static List<Named> of(BotProfile profile) {
        Set<String> taken = new HashSet<>();
        taken.add(BridgeCommands.START.name());
        taken.add(BridgeCommands.EXIT.name());
        for (CommandSpec spec : BridgeCommands.offered(BridgeCommands.Surface.CHAT)) {
            taken.add(spec.name());
        }
        List<Named> named = new ArrayList<>();
        for (BotProfile.Shortcut shortcut : profile.shortcuts()) {
            String name = commandName(shortcut.command());
            if (!name.isEmpty() && taken.add(name)) {
                named.add(new Named(name, shortcut));
            }
        }
        return named;
    }

    /** What a command menu says of a shortcut: Coze's description, else its name, cut to {@code max} characters. */
    public static String description(Named named, int max) {
        BotProfile.Shortcut s = named.shortcut();
        String text = s.description() != null && !s.description().isBlank()
                ? s.description()
                : s.name() != null && !s.name().isBlank() ? s.name() : s.command();
        String flat = text.strip().replaceAll("\\s+", " ");
        return Cut.withEllipsis(flat, max);
    }

    /** {@code /Search-News} → {@code search_news}: lower case, other characters as {@code _}, at most 32. */
    static String commandName(String command) {
        String bare = command.strip();
        while (bare.startsWith("/")) {
            bare = bare.substring(1);
        }
        StringBuilder name = new StringBuilder();
        for (char c : bare.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            name.append(ok ? c : '_');
        }
        String result = name.toString().replaceAll("_{2,}", "_").replaceAll("^_+|_+$", "");
        return result.length() <= MAX_NAME ? result : result.substring(0, MAX_NAME);
    }

    /**
     * A command line's arguments as the shortcut's values: the whole text goes to its first visible component
     * (Telegram commands have no options); the other components keep their defaults.
     */
    public static ShortcutCall fromText(BotProfile.Shortcut shortcut, String arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        List<BotProfile.Component> visible = shortcut.visibleComponents();
        if (!visible.isEmpty() && arguments != null && !arguments.isBlank()) {
            values.put(visible.getFirst().name(), arguments.strip());
        }
        return fromValues(shortcut, values);
    }

    /**
     * The values a user gave by component name (Discord options); components left out use their default, and
     * without one are not sent.
     */
    public static ShortcutCall fromValues(BotProfile.Shortcut shortcut, Map<String, String> given) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (BotProfile.Component component : shortcut.components()) {
            String value = given.get(component.name());
            if (value == null || value.isBlank()) {
                value = component.defaultValue();
            }
            if (value != null && !value.isBlank() && !"file".equals(component.type())) {
                parameters.put(component.name(), objectString(value.strip()));
            }
        }
        return new ShortcutCall(shortcut.id(), parameters);
    }

    /** §1.6: a value is object_string JSON text, the documented array form with one text item. */
    static String objectString(String text) {
        ArrayNode items = JSON.createArrayNode();
        items.addObject().put("type", "text").put("text", text);
        return items.toString();
    }
}
