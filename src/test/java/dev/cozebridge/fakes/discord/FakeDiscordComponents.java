package dev.cozebridge.fakes.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cozebridge.fakes.discord.FakeDiscordRest.ApiError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Set;

/**
 * Message components (legacy v1 layout) and embeds as Discord checks them (media-and-interactions §3.3, §3.5): at
 * most 5 action rows of at most 5 buttons; a button's label at most 80 characters; a custom id of 1–100 characters,
 * unique in the message, on every style but Link (5), which needs a URL instead; at most 10 embeds, an embed image
 * URL well formed with scheme http, https or attachment. Breaking a rule is 50035 Invalid Form Body with the
 * field's path in {@code errors}, as Discord answers.
 */
final class FakeDiscordComponents {

    private static final int MAX_ROWS = 5;
    private static final int MAX_BUTTONS = 5;
    private static final int MAX_LABEL = 80;
    private static final int MAX_CUSTOM_ID = 100;
    private static final int MAX_EMBEDS = 10;
    private static final int MAX_URL = 2048;

    private final ObjectMapper json;

    FakeDiscordComponents(ObjectMapper json) {
        this.json = json;
    }

    /** The validated action rows with Discord's numeric component ids, or an empty array. */
    ArrayNode components(JsonNode given) {
        ArrayNode rows = json.createArrayNode();
        if (given == null || given.isNull()) {
            return rows;
        }
        if (!given.isArray() || given.size() > MAX_ROWS) {
            throw invalid("components", "BASE_TYPE_MAX_LENGTH", "Must be " + MAX_ROWS + " or fewer in length.");
        }
        int id = 1;
        Set<String> customIds = new HashSet<>();
        for (int r = 0; r < given.size(); r++) {
            JsonNode row = given.get(r);
            String at = "components." + r;
            if (row.path("type").asInt() != 1) {
                throw invalid(at + ".type", "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).");
            }
            JsonNode children = row.path("components");
            if (!children.isArray() || children.isEmpty() || children.size() > MAX_BUTTONS) {
                throw invalid(at + ".components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
            }
            ObjectNode storedRow = rows.addObject().put("type", 1).put("id", id++);
            ArrayNode storedChildren = storedRow.putArray("components");
            for (int b = 0; b < children.size(); b++) {
                JsonNode button = children.get(b);
                String path = at + ".components." + b;
                if (button.path("type").asInt() != 2) {
                    throw invalid(path + ".type", "UNION_TYPE_CHOICES", "The fake serves buttons only.");
                }
                int style = button.path("style").asInt();
                String label = button.path("label").asText("");
                if (label.length() > MAX_LABEL) {
                    throw invalid(path + ".label", "BASE_TYPE_MAX_LENGTH", "Must be 80 or fewer in length.");
                }
                if (style == 5) {
                    if (!button.path("url").isTextual() || button.has("custom_id")) {
                        throw invalid(path + ".url", "BUTTON_COMPONENT_INVALID_URL", "A link button needs a url.");
                    }
                } else if (style >= 1 && style <= 4) {
                    String customId = button.path("custom_id").asText("");
                    if (customId.isEmpty() || customId.length() > MAX_CUSTOM_ID) {
                        throw invalid(
                                path + ".custom_id", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
                    }
                    if (!customIds.add(customId)) {
                        throw invalid(
                                path + ".custom_id",
                                "COMPONENT_CUSTOM_ID_DUPLICATED",
                                "Component custom id cannot be duplicated");
                    }
                } else {
                    throw invalid(path + ".style", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.");
                }
                ObjectNode stored = button.deepCopy();
                stored.put("id", id++);
                storedChildren.add(stored);
            }
        }
        return rows;
    }

    /** The validated embeds as Discord stores them (type rich, image with proxy URL), or an empty array. */
    ArrayNode embeds(JsonNode given) {
        ArrayNode embeds = json.createArrayNode();
        if (given == null || given.isNull()) {
            return embeds;
        }
        if (!given.isArray() || given.size() > MAX_EMBEDS) {
            throw invalid("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
        }
        for (int i = 0; i < given.size(); i++) {
            ObjectNode embed = given.get(i).deepCopy();
            embed.put("type", "rich");
            JsonNode image = embed.path("image");
            if (image.isObject()) {
                String url = image.path("url").asText("");
                if (!wellFormed(url)) {
                    throw invalid("embeds." + i + ".image.url", "URL_TYPE_INVALID_URL", "Not a well formed URL.");
                }
                ((ObjectNode) image)
                        .put("proxy_url", "https://images-ext-1.discordapp.net/external/fake/" + i)
                        .put("width", 1)
                        .put("height", 1);
            }
            embeds.add(embed);
        }
        return embeds;
    }

    /** The button with this custom id in a message's components, or null. */
    static JsonNode button(JsonNode components, String customId) {
        if (components == null) {
            return null;
        }
        for (JsonNode row : components) {
            for (JsonNode button : row.path("components")) {
                if (customId.equals(button.path("custom_id").asText(null))) {
                    return button;
                }
            }
        }
        return null;
    }

    private static boolean wellFormed(String url) {
        if (url.isEmpty() || url.length() > MAX_URL) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if (scheme.equals("attachment")) {
                return true;
            }
            return (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private ApiError invalid(String path, String code, String message) {
        ObjectNode errors = json.createObjectNode();
        ObjectNode at = errors;
        for (String part : path.split("\\.")) {
            at = at.putObject(part);
        }
        at.putArray("_errors").addObject().put("code", code).put("message", message);
        return new ApiError(400, 50035, "Invalid Form Body", errors);
    }
}
