package dev.cozebridge.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.TokenUsage;
import java.util.List;

/**
 * OpenAI's {@code chat.completion} and {@code chat.completion.chunk} objects. Two extra fields carry what Coze adds:
 * {@code citations} (knowledge-base sources, {@code [{title,url}]}) and {@code follow_ups} (suggested questions),
 * on the completion and on the final chunk; OpenAI clients ignore fields they do not know. A reasoning model's chain
 * of thought is {@code reasoning_content}, beside {@code content}, as DeepSeek-style clients read it.
 */
final class CompletionJson {
    private final ObjectMapper json;
    private final String id;
    private final long created;
    private final String model;

    CompletionJson(ObjectMapper json, String id, long created, String model) {
        this.json = json;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    ObjectNode completion(AgentTurn.Outcome outcome) {
        ObjectNode root = header("chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message")
                .put("role", "assistant")
                .put("content", outcome.text())
                .putNull("refusal");
        if (!outcome.reasoning().isEmpty()) {
            message.put("reasoning_content", outcome.reasoning());
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        usage(root, outcome.usage());
        extras(root, outcome);
        return root;
    }

    /** The first chunk: the assistant role, no text yet. */
    ObjectNode roleChunk() {
        ObjectNode root = header("chat.completion.chunk");
        ObjectNode delta = choice(root);
        delta.put("role", "assistant").put("content", "");
        return root;
    }

    /** A fragment of the chain of thought, as {@code delta.reasoning_content}. */
    ObjectNode reasoningChunk(String text) {
        ObjectNode root = header("chat.completion.chunk");
        choice(root).put("reasoning_content", text);
        return root;
    }

    ObjectNode textChunk(String text) {
        ObjectNode root = header("chat.completion.chunk");
        choice(root).put("content", text);
        return root;
    }

    ObjectNode finalChunk(AgentTurn.Outcome outcome) {
        ObjectNode root = header("chat.completion.chunk");
        choice(root);
        ((ObjectNode) root.withArray("choices").get(0)).put("finish_reason", "stop");
        extras(root, outcome);
        return root;
    }

    /** The {@code stream_options.include_usage} chunk: no choices, only usage. */
    ObjectNode usageChunk(TokenUsage tokens) {
        ObjectNode root = header("chat.completion.chunk");
        root.putArray("choices");
        usage(root, tokens);
        return root;
    }

    private ObjectNode header(String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        root.put("system_fingerprint", "coze-bridge");
        return root;
    }

    private static ObjectNode choice(ObjectNode root) {
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return delta;
    }

    private static void usage(ObjectNode root, TokenUsage tokens) {
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", tokens.inputTokens());
        usage.put("completion_tokens", tokens.outputTokens());
        usage.put("total_tokens", tokens.totalTokens());
    }

    private static void extras(ObjectNode root, AgentTurn.Outcome outcome) {
        ArrayNode citations = root.putArray("citations");
        for (Citation citation : outcome.citations()) {
            citations.addObject().put("title", citation.title()).put("url", citation.url());
        }
        List<String> followUps = outcome.followUps();
        if (!followUps.isEmpty()) {
            ArrayNode array = root.putArray("follow_ups");
            followUps.forEach(array::add);
        }
    }
}
