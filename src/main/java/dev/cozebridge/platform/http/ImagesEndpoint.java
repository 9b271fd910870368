package dev.cozebridge.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.parser.Parser;

/**
 * {@code POST /v1/images/generations} for bots marked {@code imageBot}: the prompt is sent as a chat and the
 * pictures are the Markdown images ({@code ![alt](url)}) of the answer, returned as OpenAI's
 * {@code {"created","data":[{"url"}]}}. Only {@code response_format: url} is possible (Coze gives links).
 */
final class ImagesEndpoint {
    private final ObjectMapper json;
    private final ModelRouter router;
    private final AgentTurn turn;
    private final Clock clock;
    private final Parser markdown = Parser.builder().build();

    ImagesEndpoint(ObjectMapper json, ModelRouter router, AgentTurn turn, Clock clock) {
        this.json = json;
        this.router = router;
        this.turn = turn;
        this.clock = clock;
    }

    void handle(Context ctx, JsonNode body, String defaultUser) throws InterruptedException {
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object.", null);
        }
        String model = text(body, "model", true);
        String prompt = text(body, "prompt", true);
        String format = text(body, "response_format", false);
        if (format != null && !format.equals("url")) {
            throw ApiError.badRequest(
                    "Only response_format 'url' is supported: Coze answers with image links.", "response_format");
        }
        int n = Integer.MAX_VALUE;
        JsonNode nNode = body.get("n");
        if (nNode != null && !nNode.isNull()) {
            n = JsonBody.wholeNumber(nNode).orElse(0);
            if (n < 1) {
                throw ApiError.badRequest("'n' must be a positive integer.", "n");
            }
        }
        String user = text(body, "user", false);
        List<HttpBot> candidates = router.candidates(model).stream()
                .filter(b -> b.settings().imageBot())
                .toList();
        if (candidates.isEmpty()) {
            throw ApiError.badRequest(
                    "The model '" + model + "' does not generate images; use a bot configured with "
                            + "image_bot: true.",
                    "model");
        }
        String userId = user != null ? "openai:" + user : defaultUser;
        AgentTurn.Outcome outcome = turn.run(
                model,
                candidates,
                bot -> new AgentRequest(
                        bot.settings().botId(),
                        userId,
                        null,
                        List.of(AgentMessage.user(prompt)),
                        bot.settings().customVariables(),
                        Map.of("platform", AgentTurn.PLATFORM)),
                AgentTurn.Listener.NONE);
        if (outcome.failure() != null) {
            throw ApiError.upstream(outcome.failure());
        }
        List<String> urls = imageUrls(outcome.text());
        if (urls.isEmpty()) {
            throw new ApiError(
                    502,
                    "api_error",
                    "The bot '" + outcome.bot().name()
                            + "' answered without an image link, so there is no image to return.",
                    null,
                    "no_image");
        }
        ObjectNode root = json.createObjectNode();
        root.put("created", clock.instant().getEpochSecond());
        ArrayNode data = root.putArray("data");
        urls.stream().limit(n).forEach(url -> data.addObject().put("url", url));
        ctx.status(200).contentType("application/json").result(root.toString());
    }

    /** The destinations of the Markdown images in {@code answer} that are http(s) links, in order. */
    List<String> imageUrls(String answer) {
        List<String> urls = new ArrayList<>();
        markdown.parse(answer).accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                String url = image.getDestination();
                String lower = url.toLowerCase(Locale.ROOT);
                if ((lower.startsWith("https://") || lower.startsWith("http://")) && !urls.contains(url)) {
                    urls.add(url);
                }
                visitChildren(image);
            }
        });
        return urls;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiError.badRequest("'" + field + "' is required.", field);
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiError.badRequest("'" + field + "' must be a non-empty string.", field);
        }
        return node.asText();
    }
}
