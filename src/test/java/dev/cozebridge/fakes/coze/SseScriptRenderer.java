package dev.cozebridge.fakes.coze;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Turns a {@link Script} into the exact SSE frames Coze would write (§4.2–4.7, Studio §11): {@code event:} and
 * {@code data:} without a space, one compact JSON line, an empty line after every event.
 */
final class SseScriptRenderer {

    /** One step of a stream: a frame to write, or a stall/cut/end marker. */
    sealed interface Step {
        record Frame(String text) implements Step {}

        record Stall() implements Step {}

        record Hold(CountDownLatch release) implements Step {}

        record Cut() implements Step {}
    }

    /** Ids of one chat. */
    record ChatIds(String chatId, String conversationId, String botId, String sectionId, long createdAt) {}

    private final ObjectMapper json;

    SseScriptRenderer(ObjectMapper json) {
        this.json = json;
    }

    List<Step> render(Script s, ChatIds ids, IdSource idSource) {
        List<Step> steps = new ArrayList<>();
        if (s.fault == Script.Fault.STALL && s.faultAfterDeltas < 0) {
            steps.add(new Step.Stall());
            return steps;
        }
        steps.add(event(s, "conversation.chat.created", chat(s, ids, "created", false)));
        steps.add(event(s, "conversation.chat.in_progress", chat(s, ids, "in_progress", false)));
        if (s.knowledge != null) {
            steps.add(event(s, "conversation.message.completed", knowledgeMessage(s, ids, idSource.next())));
        }
        for (String tool : s.tools) {
            ObjectNode call = json.createObjectNode();
            call.put("name", tool);
            call.putObject("arguments").put("query", "q");
            call.put("plugin_id", 7340000000000000001L);
            call.put("api_id", 7340000000000000002L);
            call.put("plugin_type", 1);
            call.put("thought", "");
            steps.add(event(
                    s, "conversation.message.completed", message(ids, idSource.next(), "function_call", write(call))));
            steps.add(event(
                    s,
                    "conversation.message.completed",
                    message(ids, idSource.next(), "tool_response", "{\"ok\":true}")));
        }
        String answerId = idSource.next();
        for (String fragment : s.thinking) {
            ObjectNode thought = message(ids, answerId, "answer", "");
            thought.put("reasoning_content", fragment);
            steps.add(event(s, "conversation.message.delta", thought));
        }
        if (s.reasoning) {
            ObjectNode thinking = message(ids, answerId, "answer", "");
            thinking.put("reasoning_content", "Let me think.");
            steps.add(event(s, "conversation.message.delta", thinking));
        }
        List<String> parts = s.deltaTexts();
        for (int i = 0; i <= parts.size(); i++) {
            if (s.hold != null && s.holdAfterDeltas == i) {
                steps.add(new Step.Hold(s.hold));
            }
            if (s.fault != Script.Fault.NONE && s.faultAfterDeltas == i) {
                addFault(s, ids, steps);
                return steps;
            }
            if (i == parts.size()) {
                break;
            }
            steps.add(event(s, "conversation.message.delta", message(ids, answerId, "answer", parts.get(i))));
            if (s.malformed && i == 0) {
                steps.add(new Step.Frame(line(s, "event:conversation.message.delta")
                        + line(s, "data:{\"id\":\"" + answerId + "\",\"content\":\"broken")
                        + line(s, "")));
            }
        }
        ObjectNode completed = message(ids, answerId, "answer", s.answer);
        completed.put("created_at", ids.createdAt());
        steps.add(event(s, "conversation.message.completed", completed));
        if (s.holdAfterAnswer != null) {
            steps.add(new Step.Hold(s.holdAfterAnswer));
        }
        steps.add(event(s, "conversation.message.completed", finishMessage(s, ids, idSource.next())));
        for (String question : s.followUps) {
            steps.add(event(s, "conversation.message.completed", message(ids, idSource.next(), "follow_up", question)));
        }
        ObjectNode done = chat(s, ids, "completed", true);
        done.put("completed_at", ids.createdAt() + 1);
        steps.add(event(s, "conversation.chat.completed", done));
        if (!s.withoutDone) {
            steps.add(
                    s.studio
                            ? new Step.Frame(line(s, "event:conversation.stream.done") + line(s, "data:") + line(s, ""))
                            : new Step.Frame(line(s, "event:done") + line(s, "data:\"[DONE]\"") + line(s, "")));
        }
        return steps;
    }

    private void addFault(Script s, ChatIds ids, List<Step> steps) {
        switch (s.fault) {
            case MID_STREAM_ERROR -> steps.add(event(s, "error", error(s.faultCode, s.faultMessage)));
            case CHAT_FAILED -> {
                ObjectNode failed = chat(s, ids, "failed", false);
                failed.put("failed_at", ids.createdAt() + 1);
                failed.set("last_error", error(s.faultCode, s.faultMessage));
                steps.add(event(s, "conversation.chat.failed", failed));
                steps.add(new Step.Frame(line(s, "event:done") + line(s, "data:\"[DONE]\"") + line(s, "")));
            }
            case CHAT_FAILED_BARE ->
                steps.add(event(s, "conversation.chat.failed", error(s.faultCode, s.faultMessage)));
            case REQUIRES_ACTION -> {
                ObjectNode paused = chat(s, ids, "requires_action", false);
                ObjectNode call = paused.putObject("required_action")
                        .put("type", "submit_tool_outputs")
                        .putObject("submit_tool_outputs")
                        .putArray("tool_calls")
                        .addObject();
                call.put("id", "BUJJF0dAQ0NAEBVe" + ids.chatId());
                call.put("type", s.actionType);
                ObjectNode function = call.putObject("function");
                if (s.actionType.equals("function")) {
                    function.put("name", s.faultMessage);
                    function.put("arguments", "{\"location\":\"Nanjing\",\"type\":0}");
                } else {
                    function.put("name", "question");
                    function.put("arguments", s.faultMessage == null ? "" : write(Map.of("question", s.faultMessage)));
                }
                steps.add(event(s, "conversation.chat.requires_action", paused));
                steps.add(new Step.Frame(line(s, "event:done") + line(s, "data:\"[DONE]\"") + line(s, "")));
            }
            case CUT -> steps.add(new Step.Cut());
            case STALL -> steps.add(new Step.Stall());
            case NONE -> throw new IllegalStateException();
        }
    }

    /** A stream that only reports an error, as the real service does for 4016. */
    Step errorOnly(int code, String msg) {
        return event(Script.answer(""), "error", error(code, msg));
    }

    ObjectNode error(int code, String msg) {
        ObjectNode error = json.createObjectNode();
        error.put("code", code);
        error.put("msg", msg);
        return error;
    }

    private ObjectNode chat(Script s, ChatIds ids, String status, boolean withUsage) {
        ObjectNode chat = json.createObjectNode();
        chat.put("id", ids.chatId());
        chat.put("conversation_id", ids.conversationId());
        chat.put("bot_id", ids.botId());
        chat.put("created_at", ids.createdAt());
        if (!s.studio) {
            chat.set("last_error", error(0, ""));
        }
        chat.put("status", status);
        if (!s.studio || withUsage) {
            ObjectNode usage = chat.putObject("usage");
            long in = withUsage ? s.inputTokens : 0;
            long out = withUsage ? s.outputTokens : 0;
            usage.put("token_count", in + out);
            usage.put("output_count", out);
            usage.put("input_count", in);
        }
        chat.put("section_id", ids.sectionId());
        return chat;
    }

    private ObjectNode message(ChatIds ids, String id, String type, String content) {
        ObjectNode message = json.createObjectNode();
        message.put("id", id);
        message.put("conversation_id", ids.conversationId());
        message.put("bot_id", ids.botId());
        message.put("role", "assistant");
        message.put("type", type);
        message.put("content", content);
        message.put("content_type", "text");
        message.put("chat_id", ids.chatId());
        message.put("section_id", ids.sectionId());
        return message;
    }

    private ObjectNode knowledgeMessage(Script s, ChatIds ids, String id) {
        ObjectNode data = json.createObjectNode();
        ArrayNode chunks = data.putArray("chunks");
        for (Script.KnowledgeChunk k : s.knowledge) {
            ObjectNode chunk = chunks.addObject();
            chunk.put("slice", k.slice());
            chunk.put("score", k.score());
            ObjectNode meta = chunk.putObject("meta");
            ObjectNode dataset = meta.putObject("dataset");
            putId(s, dataset, "7428811503472623642");
            dataset.put("name", "Support KB");
            ObjectNode document = meta.putObject("document");
            putId(s, document, k.documentId());
            document.put("name", k.documentName());
            document.put("format_type", 0);
            document.put("source_type", k.linkUrl().isEmpty() ? 0 : 1);
            ObjectNode link = meta.putObject("link");
            link.put("title", s.studio ? "" : k.linkTitle());
            link.put("url", s.studio ? "" : k.linkUrl());
            ObjectNode card = meta.putObject("card");
            card.put("title", s.studio ? "" : k.documentName());
            card.put("con", s.studio ? "" : k.slice());
            card.put("index", s.studio ? "" : String.valueOf(chunks.size()));
        }
        data.put("ori_req", "");
        data.put("status_code", 0);
        ObjectNode content = json.createObjectNode();
        content.put("msg_type", "knowledge_recall");
        content.put("data", write(data));
        ObjectNode message = message(ids, id, s.studio ? "knowledge" : "verbose", write(content));
        message.put("created_at", ids.createdAt());
        message.put("updated_at", ids.createdAt());
        return message;
    }

    private void putId(Script s, ObjectNode node, String id) {
        if (s.numericIds) {
            node.put("id", Long.parseLong(id));
        } else {
            node.put("id", id);
        }
    }

    private ObjectNode finishMessage(Script s, ChatIds ids, String id) {
        ObjectNode content = json.createObjectNode();
        content.put("msg_type", "generate_answer_finish");
        content.put(
                "data",
                write(
                        s.studio
                                ? Map.of("finish_reason", 0, "fin_data", "")
                                : Map.of("finish_reason", 0, "FinData", "")));
        if (s.studio) {
            content.put("from_unit", "");
        } else {
            content.putNull("from_module");
            content.putNull("from_unit");
        }
        ObjectNode message = message(ids, id, "verbose", write(content));
        message.put("created_at", ids.createdAt() + 1);
        message.put("updated_at", ids.createdAt() + 1);
        return message;
    }

    private Step event(Script s, String name, ObjectNode data) {
        return new Step.Frame(line(s, "event:" + name) + line(s, "data:" + write(data)) + line(s, ""));
    }

    private static String line(Script s, String text) {
        return text + (s.crlf ? "\r\n" : "\n");
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Source of 19-digit ids. */
    interface IdSource {
        String next();
    }
}
