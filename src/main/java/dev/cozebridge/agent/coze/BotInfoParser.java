package dev.cozebridge.agent.coze;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cozebridge.agent.BotProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the BotInfo of {@code GET /v1/bots/{bot_id}} (media-and-interactions §1.5) into a {@link BotProfile}.
 * Lenient like the rest of the client: Coze Studio leaves out parts (no shortcut commands, no suggestions), ids
 * may be strings or numbers, and anything unusable is skipped rather than failing the whole profile.
 */
final class BotInfoParser {

    private BotInfoParser() {}

    static BotProfile parse(JsonNode data) {
        if (data == null || !data.isObject()) {
            return BotProfile.NONE;
        }
        JsonNode onboarding = data.path("onboarding_info");
        String prologue = textOrNull(onboarding.path("prologue"));
        List<String> questions = new ArrayList<>();
        for (JsonNode q : onboarding.path("suggested_questions")) {
            String text = textOrNull(q);
            if (text != null) {
                questions.add(text.strip());
            }
        }
        List<BotProfile.Shortcut> shortcuts = new ArrayList<>();
        for (JsonNode s : data.path("shortcut_commands")) {
            String id = idOf(s.path("id"));
            String command = textOrNull(s.path("command"));
            if (id == null || command == null) {
                continue;
            }
            List<BotProfile.Component> components = new ArrayList<>();
            for (JsonNode c : s.path("components")) {
                String name = textOrNull(c.path("name"));
                if (name == null) {
                    continue;
                }
                List<String> options = new ArrayList<>();
                for (JsonNode o : c.path("options")) {
                    String option = textOrNull(o);
                    if (option != null) {
                        options.add(option);
                    }
                }
                components.add(new BotProfile.Component(
                        name,
                        textOrNull(c.path("description")),
                        c.path("type").asText("text"),
                        textOrNull(c.path("default_value")),
                        options,
                        c.path("is_hide").asBoolean(false)));
            }
            shortcuts.add(new BotProfile.Shortcut(
                    id, command.strip(), textOrNull(s.path("name")), textOrNull(s.path("description")), components));
        }
        return new BotProfile(textOrNull(data.path("name")), prologue, questions, shortcuts);
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String idOf(JsonNode id) {
        if (id.isTextual() && !id.asText().isBlank()) {
            return id.asText();
        }
        return id.isIntegralNumber() ? id.bigIntegerValue().toString() : null;
    }
}
