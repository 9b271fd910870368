package dev.cozebridge.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.core.Text;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: one stateless Coze chat per request, answered as one {@code chat.completion}
 * or as {@code chat.completion.chunk} server-sent events ending with {@code data: [DONE]}.
 *
 * <p>Streaming commits the 200 only when the answer's first text arrives, so a Coze failure before that (after
 * every alias member was tried) is still a plain JSON error with its status. A failure after it is an
 * {@code {"error":…}} event followed by {@code [DONE]}. A client that goes away cancels the Coze chat. A reasoning
 * model's chain of thought streams as {@code reasoning_content} in the delta, as OpenAI-compatible clients of
 * reasoning models expect, and comes whole in the completion's message.
 */
final class ChatEndpoint {
    private static final Logger log = LoggerFactory.getLogger(ChatEndpoint.class);

    private final ObjectMapper json;
    private final ModelRouter router;
    private final AgentTurn turn;
    private final MessageMapper mapper;
    private final Clock clock;

    ChatEndpoint(ObjectMapper json, ModelRouter router, AgentTurn turn, MessageMapper mapper, Clock clock) {
        this.json = json;
        this.router = router;
        this.turn = turn;
        this.mapper = mapper;
        this.clock = clock;
    }

    void handle(Context ctx, JsonNode body, String defaultUser) throws InterruptedException {
        ChatInput input = ChatRequestParser.parse(body);
        List<HttpBot> candidates = router.candidates(input.model());
        for (HttpBot candidate : candidates) {
            MediaCaps.check(input, candidate.settings().media());
        }
        String userId = input.user() != null ? "openai:" + input.user() : defaultUser;
        Function<HttpBot, AgentRequest> requests = bot -> {
            List<AgentMessage> messages = mapper.map(
                    input.messages(), bot.uploader(), bot.settings().catalog().get(Text.MEDIA_DEFAULT_PROMPT));
            return new AgentRequest(
                    bot.settings().botId(),
                    userId,
                    null,
                    messages,
                    bot.settings().customVariables(),
                    Map.of("platform", AgentTurn.PLATFORM));
        };
        CompletionJson shapes = new CompletionJson(
                json,
                "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
                clock.instant().getEpochSecond(),
                input.model());
        if (input.stream()) {
            stream(ctx, input, candidates, requests, shapes);
        } else {
            AgentTurn.Outcome outcome = turn.run(input.model(), candidates, requests, AgentTurn.Listener.NONE);
            if (outcome.failure() != null) {
                throw ApiError.upstream(outcome.failure());
            }
            ctx.status(200)
                    .contentType("application/json")
                    .result(shapes.completion(outcome).toString());
        }
    }

    private void stream(
            Context ctx,
            ChatInput input,
            List<HttpBot> candidates,
            Function<HttpBot, AgentRequest> requests,
            CompletionJson shapes)
            throws InterruptedException {
        SseWriter sse = new SseWriter(ctx.res());
        AgentTurn.Outcome outcome = turn.run(input.model(), candidates, requests, new AgentTurn.Listener() {
            @Override
            public void started(HttpBot bot) throws IOException {
                sse.open();
                sse.data(shapes.roleChunk());
            }

            @Override
            public void reasoning(String fragment) throws IOException {
                sse.data(shapes.reasoningChunk(fragment));
            }

            @Override
            public void text(String fragment) throws IOException {
                sse.data(shapes.textChunk(fragment));
            }

            @Override
            public void idle() throws IOException {
                sse.heartbeat();
            }
        });
        if (outcome.clientGone()) {
            return;
        }
        if (outcome.failure() != null && !sse.opened()) {
            throw ApiError.upstream(outcome.failure());
        }
        try {
            if (outcome.failure() != null) {
                sse.data(ApiError.upstream(outcome.failure()).toJson(json));
            } else {
                if (!sse.opened()) {
                    sse.open();
                    sse.data(shapes.roleChunk());
                }
                sse.data(shapes.finalChunk(outcome));
                if (input.includeUsage()) {
                    sse.data(shapes.usageChunk(outcome.usage()));
                }
            }
            sse.done();
        } catch (IOException e) {
            log.info("HTTP client for model {} went away before the end of the stream", input.model());
        }
    }
}
