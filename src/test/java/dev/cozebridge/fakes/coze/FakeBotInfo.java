package dev.cozebridge.fakes.coze;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link FakeCoze} answers to {@code GET /v1/bots/{bot_id}} for one bot: the BotInfo of
 * media-and-interactions §1.5, built fluently. Without suggestions the {@code suggested_questions} key is absent,
 * as Coze leaves it out when suggestions are off.
 */
public final class FakeBotInfo {

    /** One component of a shortcut (type text, select or file). */
    public record Component(
            String name, String description, String type, String defaultValue, List<String> options, boolean hidden) {
        public static Component text(String name, String description) {
            return new Component(name, description, "text", "", List.of(), false);
        }

        public static Component select(String name, String description, String... options) {
            return new Component(name, description, "select", "", List.of(options), false);
        }
    }

    /** One shortcut command as Coze lists it; {@code command} keeps its leading slash. */
    public record Shortcut(
            String id,
            String name,
            String command,
            String description,
            String queryTemplate,
            List<Component> components) {}

    final String name;
    String prologue = "";
    final List<String> suggestions = new ArrayList<>();
    final List<Shortcut> shortcuts = new ArrayList<>();

    private FakeBotInfo(String name) {
        this.name = name;
    }

    public static FakeBotInfo named(String name) {
        return new FakeBotInfo(name);
    }

    /** The greeting, possibly with {@code {{user_name}}}. */
    public FakeBotInfo prologue(String text) {
        this.prologue = text;
        return this;
    }

    public FakeBotInfo suggestions(String... questions) {
        suggestions.addAll(List.of(questions));
        return this;
    }

    public FakeBotInfo shortcut(Shortcut shortcut) {
        shortcuts.add(shortcut);
        return this;
    }

    /** The shortcut with this command id, or null. */
    Shortcut shortcutById(String id) {
        return shortcuts.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    /** The {@code data} object; Studio's has no shortcut commands and no model name. */
    ObjectNode render(ObjectMapper json, String botId, boolean studio) {
        ObjectNode data = json.createObjectNode();
        data.put("bot_id", botId);
        data.put("name", name);
        data.put("description", "");
        data.put("icon_url", "https://example.invalid/icon.png");
        data.put("version", "1716388526");
        data.put("bot_mode", 0);
        data.put("create_time", 1715689059);
        data.put("update_time", 1716388526);
        ObjectNode onboarding = data.putObject("onboarding_info");
        onboarding.put("prologue", prologue);
        if (!suggestions.isEmpty()) {
            ArrayNode questions = onboarding.putArray("suggested_questions");
            suggestions.forEach(questions::add);
        }
        ObjectNode model = data.putObject("model_info");
        model.put("model_id", "1706077826");
        if (!studio) {
            model.put("model_name", "Doubao");
        }
        model.put("context_round", 30);
        model.put("max_tokens", 4096);
        model.put("response_format", "markdown");
        if (!studio) {
            ArrayNode list = data.putArray("shortcut_commands");
            for (Shortcut s : shortcuts) {
                ObjectNode node = list.addObject();
                node.put("id", s.id());
                node.put("name", s.name());
                node.put("command", s.command());
                node.put("description", s.description());
                node.put("query_template", s.queryTemplate());
                node.put("icon_url", "https://example.invalid/sc.png");
                ArrayNode components = node.putArray("components");
                for (Component c : s.components()) {
                    ObjectNode component = components.addObject();
                    component.put("name", c.name());
                    component.put("description", c.description());
                    component.put("type", c.type());
                    component.put("tool_parameter", c.name());
                    component.put("default_value", c.defaultValue());
                    component.put("is_hide", c.hidden());
                    ArrayNode options = component.putArray("options");
                    c.options().forEach(options::add);
                }
            }
        }
        data.put("default_user_input_type", "text");
        return data;
    }
}
