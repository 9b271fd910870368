package dev.cozebridge.core;

import java.util.Map;

/**
 * A shortcut command invoked by a user ({@code shortcut_command} of Coze's chat request).
 *
 * @param commandId  the shortcut's id from the bot profile
 * @param parameters component name → value as Coze's object_string JSON text ({@code [{"type":"text",…}]})
 */
public record ShortcutCall(String commandId, Map<String, String> parameters) {
    public ShortcutCall {
        parameters = Map.copyOf(parameters);
    }
}
