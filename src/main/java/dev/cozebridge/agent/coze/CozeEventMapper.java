package dev.cozebridge.agent.coze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.TokenUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps the SSE events of one Coze chat stream (§4.3, §5, Studio §11) to {@link AgentEvent}s. Pure and
 * single-threaded: one instance per stream, fed in arrival order. It does not enforce "one terminal event"; the
 * caller stops feeding after the first {@code Finished}/{@code Failed}.
 */
public final class CozeEventMapper {
    private static final int EXCERPT = 200;

    private final ObjectMapper json;
    private final String logId;
    private final Set<String> citedDocuments = new HashSet<>();
    private boolean completed;

    /**
     * @param logId the {@code x-tt-logid} of the streaming response, carried into failures; may be null
     */
    public CozeEventMapper(ObjectMapper json, String logId) {
        this.json = json;
        this.logId = logId;
    }

    /** The events one SSE event yields (often none). {@code event} may be null for a nameless event. */
    public List<AgentEvent> map(String event, String data) {
        if (event == null) {
            return List.of();
        }
        return switch (event) {
            case "done", "conversation.stream.done" -> List.of(endOfStream());
            case "conversation.chat.created" -> withJson(event, data, this::chatCreated);
            case "conversation.message.delta" -> withJson(event, data, this::delta);
            case "conversation.message.completed" -> withJson(event, data, this::messageCompleted);
            case "conversation.chat.completed" -> withJson(event, data, this::chatCompleted);
            case "conversation.chat.failed" -> withJson(event, data, this::chatFailed);
            case "conversation.chat.requires_action", "conversation.chat.required_action" ->
                withJson(event, data, this::requiresAction);
            case "conversation.chat.canceled", "conversation.chat.cancelled" ->
                List.of(failed(FailureKind.CANCELLED, 0, "Coze reports the chat as cancelled"));
            case "error" -> withJson(event, data, this::error);
            default -> List.of();
        };
    }

    /**
     * The outcome when the stream ends (EOF or a done event) without a terminal event: success once
     * {@code conversation.chat.completed} was seen (Studio may stop right there), otherwise a cut stream.
     */
    public AgentEvent endOfStream() {
        return completed
                ? new AgentEvent.Finished()
                : failed(FailureKind.STREAM_CUT, 0, "the stream ended before conversation.chat.completed");
    }

    /** Whether conversation.chat.completed was seen. */
    public boolean completed() {
        return completed;
    }

    private interface JsonHandler {
        List<AgentEvent> handle(JsonNode data);
    }

    private List<AgentEvent> withJson(String event, String data, JsonHandler handler) {
        JsonNode node;
        try {
            node = json.readTree(data);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return List.of(failed(
                    FailureKind.MALFORMED_RESPONSE, 0, "unparseable data for event " + event + ": " + excerpt(data)));
        }
        return handler.handle(node);
    }

    private List<AgentEvent> chatCreated(JsonNode chat) {
        return List.of(new AgentEvent.ChatStarted(text(chat, "id"), text(chat, "conversation_id")));
    }

    /** §1.7: while a reasoning model thinks, deltas carry {@code reasoning_content} with an empty content. */
    private List<AgentEvent> delta(JsonNode message) {
        if (!"answer".equals(message.path("type").asText())) {
            return List.of();
        }
        List<AgentEvent> events = new ArrayList<>(2);
        String thought = message.path("reasoning_content").asText("");
        if (!thought.isEmpty()) {
            events.add(new AgentEvent.ReasoningDelta(text(message, "id"), thought));
        }
        String content = message.path("content").asText("");
        if (!content.isEmpty()) {
            events.add(new AgentEvent.TextDelta(text(message, "id"), content));
        }
        return events;
    }

    private List<AgentEvent> messageCompleted(JsonNode message) {
        String content = message.path("content").asText("");
        return switch (message.path("type").asText("")) {
            case "answer" -> List.of(new AgentEvent.AnswerCompleted(text(message, "id"), content));
            case "follow_up" -> content.isBlank() ? List.of() : List.of(new AgentEvent.FollowUp(content));
            case "verbose", "knowledge" -> knowledge(content);
            case "function_call" -> List.of(new AgentEvent.ToolStarted(toolName(content)));
            case "tool_response", "tool_output" -> List.of(new AgentEvent.ToolFinished());
            default -> List.of();
        };
    }

    /** A function_call's content is JSON naming the plugin or workflow; anything else leaves it unnamed. */
    private String toolName(String content) {
        JsonNode call = tryParse(content);
        if (call == null) {
            return null;
        }
        String name = firstNonBlank(
                call.path("plugin_name").asText(""),
                call.path("name").asText(""),
                call.path("api_name").asText(""));
        return name == null ? null : name.strip();
    }

    /**
     * §1.10: the chat paused for a client-side plugin ({@code function}) or a workflow question node
     * ({@code reply_message}). The bridge cannot take that step; the question, when Coze gives one, is shown.
     */
    private List<AgentEvent> requiresAction(JsonNode chat) {
        String question = null;
        String kinds = "";
        for (JsonNode call :
                chat.path("required_action").path("submit_tool_outputs").path("tool_calls")) {
            String type = call.path("type").asText("");
            kinds = kinds.isEmpty() ? type : kinds + "," + type;
            if (question == null && "reply_message".equals(type)) {
                question = questionOf(call.path("function").path("arguments").asText(""));
            }
        }
        return List.of(
                new AgentEvent.ActionRequired(question),
                failed(
                        FailureKind.ACTION_REQUIRED,
                        0,
                        "the chat requires an interactive step (requires_action"
                                + (kinds.isEmpty() ? "" : ": " + kinds)
                                + ") that the bridge cannot take"));
    }

    /** The arguments of a question node are a JSON string: an object with the question text, or the text. */
    private String questionOf(String arguments) {
        if (arguments.isBlank()) {
            return null;
        }
        JsonNode parsed = tryParse(arguments);
        if (parsed == null) {
            return arguments.strip().startsWith("{") || arguments.strip().startsWith("[") ? null : arguments.strip();
        }
        return firstNonBlank(
                parsed.path("question").asText(""),
                parsed.path("content").asText(""),
                parsed.path("text").asText(""),
                parsed.path("message").asText(""));
    }

    private List<AgentEvent> chatCompleted(JsonNode chat) {
        completed = true;
        List<AgentEvent> events = new ArrayList<>(2);
        JsonNode usage = chat.path("usage");
        if (usage.isObject()) {
            long in = usage.path("input_count").asLong(0);
            long out = usage.path("output_count").asLong(0);
            events.add(new AgentEvent.Usage(
                    new TokenUsage(in, out, usage.path("token_count").asLong(in + out))));
        }
        events.add(new AgentEvent.Finished());
        return events;
    }

    /** A Chat object with last_error, or (per one docs schematic) a bare {code,msg}. */
    private List<AgentEvent> chatFailed(JsonNode data) {
        JsonNode error = data.path("last_error").isObject() ? data.get("last_error") : data;
        int code = error.path("code").asInt(0);
        String msg = error.path("msg").asText("");
        FailureKind kind = code == 0 ? FailureKind.OTHER : FailureKind.forCozeCode(code);
        return List.of(failed(kind, code, "conversation.chat.failed: " + (msg.isEmpty() ? "no reason given" : msg)));
    }

    private List<AgentEvent> error(JsonNode data) {
        int code = data.path("code").asInt(0);
        FailureKind kind = code == 0 ? FailureKind.OTHER : FailureKind.forCozeCode(code);
        return List.of(failed(kind, code, "event:error: " + data.path("msg").asText("")));
    }

    /** §5.3: content is JSON whose {@code data} member is JSON text again; anything else is ignorable. */
    private List<AgentEvent> knowledge(String content) {
        JsonNode verbose = tryParse(content);
        if (verbose == null
                || !"knowledge_recall".equals(verbose.path("msg_type").asText())) {
            return List.of();
        }
        JsonNode data = verbose.path("data");
        if (data.isTextual()) {
            data = tryParse(data.asText());
        }
        if (data == null) {
            return List.of(new AgentEvent.KnowledgeRecalled(List.of()));
        }
        List<Citation> citations = new ArrayList<>();
        for (JsonNode chunk : data.path("chunks")) {
            JsonNode meta = chunk.path("meta");
            String documentId = idOf(meta.path("document").path("id"));
            if (documentId != null && !citedDocuments.add(documentId)) {
                continue;
            }
            String title = firstNonBlank(
                    meta.path("link").path("title").asText(""),
                    meta.path("document").path("name").asText(""),
                    meta.path("card").path("title").asText(""));
            if (title == null) {
                title = documentId != null ? "Document " + documentId : "Knowledge source";
            }
            String url = meta.path("link").path("url").asText("");
            double score = chunk.path("score").isNumber() ? chunk.get("score").asDouble() : Double.NaN;
            citations.add(new Citation(documentId, title, url.isBlank() ? null : url, score));
        }
        return List.of(new AgentEvent.KnowledgeRecalled(List.copyOf(citations)));
    }

    private JsonNode tryParse(String text) {
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String idOf(JsonNode id) {
        if (id.isTextual() && !id.asText().isBlank()) {
            return id.asText();
        }
        return id.isIntegralNumber() ? id.bigIntegerValue().toString() : null;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (!value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private AgentEvent failed(FailureKind kind, int code, String message) {
        return new AgentEvent.Failed(new AgentFailure(kind, code, message, logId));
    }

    private static String excerpt(String data) {
        if (data == null) {
            return "<none>";
        }
        return data.length() <= EXCERPT ? data : data.substring(0, EXCERPT) + "…";
    }
}
