package dev.cozebridge.agent.coze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cozebridge.agent.Agent;
import dev.cozebridge.agent.AgentCall;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.AgentFailureException;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.agent.FileUploader;
import dev.cozebridge.agent.Transcriber;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.HttpSettings;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.Role;
import dev.cozebridge.net.OutboundProxy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Coze v3 client for one credential (base URL + PAT or OAuth app): streamed chats over SSE, chat cancel, file
 * upload, speech transcription and bot info. Thread-safe; share one instance per credential so its rate limiter covers every
 * request of every bot using it, uploads included.
 */
public final class CozeClient implements Agent, FileUploader, Transcriber, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CozeClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration DEFAULT_CONNECT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_FIRST_EVENT = Duration.ofSeconds(60);
    private static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    private static final Duration DEFAULT_TOTAL = Duration.ofMinutes(5);
    /** How long {@link #close} waits for cancels still being sent (a shutdown cancels every running chat). */
    private static final Duration CANCELS_FINISH_WITHIN = Duration.ofSeconds(5);
    /** How long {@link #check} waits for Coze's answer once connected; bot info is small and quick. */
    private static final Duration CHECK_ANSWER_WITHIN = Duration.ofSeconds(10);
    /** {@code /v1/audio/transcriptions} takes at most 10 MB (media-and-interactions §1.3). */
    private static final long TRANSCRIPTION_MAX_BYTES = 10L * 1024 * 1024;

    private final CozeSettings settings;
    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    /** {@link #http} with a bound on the whole call, for {@link #check}. */
    private final OkHttpClient checkHttp;

    private final ObjectMapper json = new ObjectMapper();
    private final CozeErrors errors = new CozeErrors(json);
    private final TokenProvider tokens;
    private final RateLimiter rateLimiter;
    private final ScheduledExecutorService timers;
    private final BridgeMetrics metrics;
    /** Cancels still on their way to Coze; {@link #close} lets them finish, or a shutdown would drop them. */
    private final Set<Thread> cancelling = ConcurrentHashMap.newKeySet();

    public CozeClient(CozeSettings settings, Clock clock) {
        this(settings, clock, HttpSettings.DEFAULT_COZE_SHARE, BridgeMetrics.NOOP);
    }

    /** A client that counts nothing. */
    public CozeClient(CozeSettings settings, Clock clock, double apiShare) {
        this(settings, clock, apiShare, BridgeMetrics.NOOP);
    }

    /**
     * @param apiShare the largest fraction of this credential's request slots the HTTP API ({@link #apiAgent()})
     *                 takes while platform chats wait, between 0 and 1 exclusive
     * @param metrics  where the client counts what it does on its own (the cancels it sends)
     */
    public CozeClient(CozeSettings settings, Clock clock, double apiShare, BridgeMetrics metrics) {
        this.metrics = metrics;
        this.settings = withDefaults(settings);
        HttpUrl parsed = HttpUrl.parse(stripSlash(settings.baseUrl()));
        if (parsed == null) {
            throw new IllegalArgumentException("coze.base_url is not an http(s) URL: " + settings.baseUrl());
        }
        this.baseUrl = parsed;
        this.http = buildHttp(this.settings);
        this.checkHttp = http.newBuilder()
                .callTimeout(this.settings.connectTimeout().plus(CHECK_ANSWER_WITHIN))
                .build();
        if (settings.oauth() != null) {
            this.tokens = new JwtTokenProvider(settings.oauth(), baseUrl, http, clock, json);
        } else if (settings.token() != null) {
            this.tokens = new StaticTokenProvider(settings.token());
        } else {
            throw new IllegalArgumentException("coze needs either a token or an oauth app for " + settings.baseUrl());
        }
        this.rateLimiter = new RateLimiter(settings.requestsPerSecond(), apiShare);
        this.timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("coze-timers").factory());
    }

    /** A client on the system clock. */
    public static CozeClient create(CozeSettings settings) {
        return new CozeClient(settings, Clock.systemUTC());
    }

    /** A client on the system clock whose HTTP API lane gets at most {@code apiShare} of the slots. */
    public static CozeClient create(CozeSettings settings, double apiShare) {
        return new CozeClient(settings, Clock.systemUTC(), apiShare);
    }

    /**
     * A client on the system clock whose HTTP API lane gets at most {@code apiShare} of the slots, counting into
     * {@code metrics}.
     */
    public static CozeClient create(CozeSettings settings, double apiShare, BridgeMetrics metrics) {
        return new CozeClient(settings, Clock.systemUTC(), apiShare, metrics);
    }

    /** A chat of the chat platforms (and the CLI): their lane of the rate limiter. */
    @Override
    public AgentCall start(AgentRequest request, Consumer<AgentEvent> sink) {
        return start(RateLimiter.Lane.PLATFORM, request, sink);
    }

    /**
     * This client as the HTTP API uses it: the same credential and rate limit, but its chats wait in the API lane,
     * which gets at most {@code apiShare} of the slots while platform chats are waiting (see {@link RateLimiter}).
     */
    public Agent apiAgent() {
        return new Agent() {
            @Override
            public AgentCall start(AgentRequest request, Consumer<AgentEvent> sink) {
                return CozeClient.this.start(RateLimiter.Lane.API, request, sink);
            }

            @Override
            public BotProfile profile(String botId) {
                return CozeClient.this.profile(botId);
            }
        };
    }

    private AgentCall start(RateLimiter.Lane lane, AgentRequest request, Consumer<AgentEvent> sink) {
        ChatRun run = new ChatRun(this, lane, bearer -> chatRequest(request, bearer), sink, request.botId());
        run.begin();
        return run;
    }

    /** {@code GET /v1/bots/{bot_id}}: the published bot's greeting and shortcut commands. */
    @Override
    public BotProfile profile(String botId) {
        try {
            JsonNode data = callJson(
                    RateLimiter.Lane.PLATFORM,
                    bearer -> botInfoRequest(botId, bearer),
                    true,
                    http,
                    Replay.STALE_POOLED);
            BotProfile profile = BotInfoParser.parse(data);
            LOG.debug(
                    "Coze bot {}: prologue {}, {} suggested question(s), {} shortcut command(s)",
                    botId,
                    profile.hasPrologue() ? "yes" : "no",
                    profile.suggestedQuestions().size(),
                    profile.shortcuts().size());
            return profile;
        } catch (AgentFailureException e) {
            LOG.warn(
                    "Coze did not give the info of bot {} (no greeting or shortcut commands then): {}",
                    botId,
                    e.failure().describe());
        } catch (RuntimeException e) {
            LOG.warn("Reading the info of Coze bot {} failed (no greeting or shortcut commands then)", botId, e);
        }
        return BotProfile.NONE;
    }

    /**
     * Asks Coze whether this credential may use bot {@code botId} through the API: {@code GET /v1/bots/{bot_id}}
     * of the published version, which fails for a rejected token (4100/4101/700012006, also a token of the other
     * region), a bot that does not exist or is not published for the API (4200), or a workspace the token cannot
     * see. Unlike {@link #profile} it keeps Coze's answer for the caller. Bounded by the connect timeout plus
     * {@link #CHECK_ANSWER_WITHIN}, so an unreachable Coze delays a start by seconds, not by the idle timeout.
     */
    public BotCheck check(String botId) {
        try {
            JsonNode data = callJson(
                    RateLimiter.Lane.PLATFORM,
                    bearer -> botInfoRequest(botId, bearer),
                    false,
                    checkHttp,
                    Replay.STALE_POOLED);
            return BotCheck.published(data.path("name").asText(""));
        } catch (AgentFailureException e) {
            return BotCheck.failed(e.failure());
        }
    }

    private Request botInfoRequest(String botId, String bearer) {
        return new Request.Builder()
                .url(baseUrl.newBuilder()
                        .addPathSegments("v1/bots")
                        .addPathSegment(botId)
                        .build())
                .header("Authorization", "Bearer " + bearer)
                .get()
                .build();
    }

    /** An upload of the chat platforms' lane of the rate limiter. */
    @Override
    public String upload(String fileName, String mediaType, byte[] content) {
        return upload(RateLimiter.Lane.PLATFORM, fileName, mediaType, content);
    }

    /** This client's uploads as the HTTP API makes them: in the API lane of the rate limiter, like its chats. */
    public FileUploader apiUploader() {
        return (fileName, mediaType, content) -> upload(RateLimiter.Lane.API, fileName, mediaType, content);
    }

    /** Replayed once on a fresh connection when its pooled one had gone stale ({@link Replay#STALE_POOLED}). */
    private String upload(RateLimiter.Lane lane, String fileName, String mediaType, byte[] content) {
        RequestBody body = multipart(fileName, mediaType, content);
        JsonNode data = callJson(
                lane,
                bearer -> new Request.Builder()
                        .url(baseUrl.newBuilder()
                                .addPathSegments("v1/files/upload")
                                .build())
                        .header("Authorization", "Bearer " + bearer)
                        .post(body)
                        .build(),
                false,
                http,
                Replay.STALE_POOLED);
        JsonNode id = data.path("id");
        if (!(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
            throw new AgentFailureException(
                    new AgentFailure(FailureKind.MALFORMED_RESPONSE, 0, "upload answer without data.id", null));
        }
        return id.asText();
    }

    @Override
    public long maxBytes() {
        return TRANSCRIPTION_MAX_BYTES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code POST /v1/audio/transcriptions}. Coze Studio has no such route: its 404 is reported as
     * {@link FailureKind#UNSUPPORTED}, so the bridge can say so instead of retrying.
     */
    @Override
    public String transcribe(String fileName, String mediaType, byte[] audio) {
        RequestBody body = multipart(fileName, mediaType, audio);
        JsonNode data = callJson(
                RateLimiter.Lane.PLATFORM,
                bearer -> new Request.Builder()
                        .url(baseUrl.newBuilder()
                                .addPathSegments("v1/audio/transcriptions")
                                .build())
                        .header("Authorization", "Bearer " + bearer)
                        .post(body)
                        .build(),
                true,
                http,
                Replay.STALE_POOLED);
        JsonNode text = data.path("text");
        if (!text.isTextual()) {
            throw new AgentFailureException(new AgentFailure(
                    FailureKind.MALFORMED_RESPONSE, 0, "transcription answer without data.text", null));
        }
        return text.asText().strip();
    }

    private static RequestBody multipart(String fileName, String mediaType, byte[] content) {
        MediaType type = MediaType.parse(mediaType == null ? "application/octet-stream" : mediaType);
        return new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart(
                        "file",
                        fileName,
                        RequestBody.create(content, type == null ? MediaType.get("application/octet-stream") : type))
                .build();
    }

    /**
     * Asks Coze to cancel a running chat ({@code POST /v3/chat/cancel}). It does not close any stream.
     *
     * @throws AgentFailureException when Coze refuses (e.g. the chat already ended) or cannot be reached
     */
    public void cancelChat(String conversationId, String chatId) {
        cancelChat(RateLimiter.Lane.PLATFORM, conversationId, chatId);
    }

    /**
     * A cancel that fails at the connection level is sent once more on a fresh connection, whatever the failure:
     * cancelling is idempotent at Coze (a second cancel of the same chat is refused as "not running", nothing
     * more), so a replay cannot do harm even if the first one did arrive.
     */
    private void cancelChat(RateLimiter.Lane lane, String conversationId, String chatId) {
        ObjectNode body = json.createObjectNode();
        body.put("conversation_id", conversationId);
        body.put("chat_id", chatId);
        callJson(
                lane,
                bearer -> new Request.Builder()
                        .url(baseUrl.newBuilder()
                                .addPathSegments("v3/chat/cancel")
                                .build())
                        .header("Authorization", "Bearer " + bearer)
                        .post(RequestBody.create(body.toString(), JSON))
                        .build(),
                false,
                http,
                Replay.ALWAYS);
    }

    /**
     * Cancels on a virtual thread of its own, so that whoever ends a chat never waits for Coze; counted as
     * {@code sent} when Coze answered it (also with "the chat is not running any more": nothing is left to stop),
     * else {@code failed}.
     */
    void cancelChatInBackground(RateLimiter.Lane lane, String conversationId, String chatId) {
        Thread thread = Thread.ofVirtual().name("coze-cancel").unstarted(() -> {
            try {
                cancelChat(lane, conversationId, chatId);
                metrics.cozeCancel(true);
                LOG.debug("Cancelled Coze chat {} in conversation {}", chatId, conversationId);
            } catch (AgentFailureException e) {
                metrics.cozeCancel(CozeErrors.cozeAnswered(e.failure()));
                LOG.warn(
                        "Coze did not cancel chat {} in conversation {}: {}",
                        chatId,
                        conversationId,
                        e.failure().describe());
            } finally {
                cancelling.remove(Thread.currentThread());
            }
        });
        cancelling.add(thread);
        thread.start();
    }

    /** Lets cancels on their way finish (for at most {@link #CANCELS_FINISH_WITHIN}), then stops everything. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CANCELS_FINISH_WITHIN.toNanos();
        for (Thread thread : List.copyOf(cancelling)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                thread.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timers.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "CozeClient[" + baseUrl + ", " + tokens + "]";
    }

    /** Request builder for one chat attempt: the body per §3.2, conversation_id only in the query. */
    private Request chatRequest(AgentRequest request, String bearer) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("v3/chat");
        if (request.conversationId() != null && !request.conversationId().isBlank()) {
            url.addQueryParameter("conversation_id", request.conversationId());
        }
        ObjectNode body = json.createObjectNode();
        body.put("bot_id", request.botId());
        body.put("user_id", request.userId());
        body.put("stream", true);
        body.put("auto_save_history", false);
        ArrayNode messages = body.putArray("additional_messages");
        for (AgentMessage message : request.messages()) {
            ObjectNode m = messages.addObject();
            if (message.role() == Role.USER) {
                m.put("role", "user");
                m.put("type", "question");
                m.put("content_type", message.objectString() ? "object_string" : "text");
            } else {
                m.put("role", "assistant");
                m.put("type", "answer");
                m.put("content_type", "text");
            }
            m.put("content", message.content());
        }
        putMap(body, "custom_variables", request.customVariables());
        putMap(body, "meta_data", request.metaData());
        if (request.shortcut() != null) {
            // §1.6: Coze builds the query from the template; Studio reads the last message, so the text goes too
            ObjectNode shortcut = body.putObject("shortcut_command");
            shortcut.put("command_id", request.shortcut().commandId());
            ObjectNode parameters = shortcut.putObject("parameters");
            request.shortcut().parameters().forEach(parameters::put);
        }
        return new Request.Builder()
                .url(url.build())
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "text/event-stream")
                .post(RequestBody.create(body.toString(), JSON))
                .build();
    }

    private static void putMap(ObjectNode body, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode node = body.putObject(field);
            values.forEach(node::put);
        }
    }

    /**
     * When a JSON call that failed at the connection level (an {@link IOException}, no HTTP answer) is sent once
     * more, on a fresh connection.
     */
    enum Replay {
        /**
         * Only when the request went into a pooled connection that had been closed behind our back and nothing came
         * back ({@link ExchangeTrace.Reach#STALE_CONNECTION}): no server saw it, so even a non-idempotent request
         * (an upload) cannot happen twice.
         */
        STALE_POOLED,
        /** After any connection-level failure: for requests whose repetition does no harm. */
        ALWAYS
    }

    /**
     * A JSON-envelope call, in its turn under the rate limiter, with one token renewal on an auth failure (OAuth)
     * and at most one replay on a fresh connection as {@code replay} allows; returns {@code data}.
     *
     * @param missingMeansUnsupported an HTTP 404 means the server has no such API (not "bot not found")
     */
    private JsonNode callJson(
            RateLimiter.Lane lane,
            java.util.function.Function<String, Request> requestFor,
            boolean missingMeansUnsupported,
            OkHttpClient client,
            Replay replay) {
        boolean renewed = false;
        boolean replayed = false;
        while (true) {
            if (!replayed) {
                try {
                    rateLimiter.acquire(lane);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AgentFailureException(new AgentFailure(
                            FailureKind.CANCELLED, 0, "interrupted while waiting for the rate limit", null));
                }
            }
            String bearer = tokens.bearer();
            Request request = ExchangeTrace.tag(requestFor.apply(bearer));
            try (Response response = client.newCall(request).execute()) {
                String text = response.body().string();
                String logId = response.header("x-tt-logid");
                if (missingMeansUnsupported && response.code() == 404) {
                    throw new AgentFailureException(new AgentFailure(
                            FailureKind.UNSUPPORTED,
                            404,
                            "the Coze server has no " + response.request().url().encodedPath()
                                    + " (Coze Studio has no audio API)",
                            logId));
                }
                JsonNode node = parseOrNull(text);
                if (response.isSuccessful() && node != null && node.path("code").asInt(-1) == 0) {
                    return node.path("data");
                }
                AgentFailure failure =
                        errors.fromResponse(response.code(), response.header("Content-Type"), text, logId);
                if (renewed || !(tokens.renewable() && CozeErrors.isAuthFailure(failure))) {
                    throw new AgentFailureException(failure);
                }
                tokens.invalidate(bearer);
                renewed = true;
            } catch (IOException e) {
                ExchangeTrace.Reach reach = ExchangeTrace.of(request).reach(e);
                boolean again = !replayed
                        && switch (replay) {
                            case STALE_POOLED -> reach == ExchangeTrace.Reach.STALE_CONNECTION;
                            case ALWAYS -> true;
                        };
                if (!again) {
                    throw new AgentFailureException(CozeErrors.fromIo(e, false, null));
                }
                LOG.info(
                        "Coze request {} {} failed on its connection ({}, {}); sending it once more on a fresh one",
                        request.method(),
                        request.url().encodedPath(),
                        reach,
                        e.toString());
                client = fresh(client);
                replayed = true;
            }
        }
    }

    /**
     * A client like {@code client} that cannot hand out a pooled connection: idle connections of the shared pool
     * are dropped too (an intermediary that closed one has likely closed its siblings), and the replay itself
     * goes over a pool that keeps nothing, so it always dials anew.
     */
    OkHttpClient fresh(OkHttpClient client) {
        http.connectionPool().evictAll();
        return client.newBuilder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
    }

    private JsonNode parseOrNull(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static OkHttpClient buildHttp(CozeSettings s) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(s.connectTimeout())
                .readTimeout(s.idleTimeout())
                .writeTimeout(s.connectTimeout().plus(Duration.ofSeconds(30)))
                // our own retry policy decides; a silent transport retry could post a chat twice
                .retryOnConnectionFailure(false)
                // tells that policy how far a failed request got (ExchangeTrace: when a replay is safe)
                .eventListenerFactory(ExchangeTrace.LISTENER);
        return OutboundProxy.apply(builder, s.proxy()).build();
    }

    private static CozeSettings withDefaults(CozeSettings s) {
        return new CozeSettings(
                s.baseUrl(),
                s.token(),
                s.oauth(),
                s.proxy(),
                orDefault(s.connectTimeout(), DEFAULT_CONNECT),
                orDefault(s.firstEventTimeout(), DEFAULT_FIRST_EVENT),
                orDefault(s.idleTimeout(), DEFAULT_IDLE),
                orDefault(s.totalTimeout(), DEFAULT_TOTAL),
                Math.max(0, s.maxRetries()),
                s.requestsPerSecond());
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    CozeSettings settings() {
        return settings;
    }

    OkHttpClient http() {
        return http;
    }

    ObjectMapper json() {
        return json;
    }

    CozeErrors errors() {
        return errors;
    }

    TokenProvider tokens() {
        return tokens;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }
}
