package dev.cozebridge.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cozebridge.config.HttpSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.metrics.MicrometerMetrics;
import dev.cozebridge.platform.WebhookReceiver;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible API. {@code /v1/*} needs {@code Authorization: Bearer <key>} with one of
 * {@link HttpSettings#apiKeys()} (with none configured every {@code /v1} call is refused); {@code /healthz},
 * {@code /readyz} and {@code /metrics} are open so that probes and Prometheus need no key.
 *
 * <p>Each request runs on its own virtual thread and blocks there for the Coze chat. {@link #start()} binds,
 * {@link #close()} stops; both are meant to be called once.
 */
public final class OpenAiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpenAiServer.class);
    /** Room for a few images sent inline as data: URLs. */
    static final long MAX_BODY_BYTES = 32L * 1024 * 1024;
    /** The request line and headers together (Jetty's default, stated so the error can say it). */
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    private static final String CALLER = "coze-bridge.caller";

    private final HttpSettings settings;
    private final Readiness readiness;
    private final MicrometerMetrics metrics;
    private final Clock clock;
    private final ObjectMapper json = JsonBody.mapper();
    private final ModelRouter router;
    private final ChatEndpoint chat;
    private final ImagesEndpoint images;
    private final List<byte[]> keyDigests;
    private final KeyLimits limits;
    private final Javalin app;

    public OpenAiServer(
            HttpSettings settings,
            Map<String, HttpBot> bots,
            Readiness readiness,
            MicrometerMetrics metrics,
            Clock clock) {
        this(settings, bots, readiness, metrics, clock, List.of());
    }

    /** @param webhooks platform webhooks (Telegram) served beside the API, without an API key */
    public OpenAiServer(
            HttpSettings settings,
            Map<String, HttpBot> bots,
            Readiness readiness,
            MicrometerMetrics metrics,
            Clock clock,
            List<WebhookReceiver.Webhook> webhooks) {
        this(settings, bots, readiness, metrics, clock, DEFAULT_HEARTBEAT, webhooks);
    }

    /**
     * @param heartbeat how long a started stream may stay silent before a keep-alive comment is written (which is
     *                  also how a vanished client is noticed)
     */
    OpenAiServer(
            HttpSettings settings,
            Map<String, HttpBot> bots,
            Readiness readiness,
            MicrometerMetrics metrics,
            Clock clock,
            Duration heartbeat) {
        this(settings, bots, readiness, metrics, clock, heartbeat, List.of());
    }

    private OpenAiServer(
            HttpSettings settings,
            Map<String, HttpBot> bots,
            Readiness readiness,
            MicrometerMetrics metrics,
            Clock clock,
            Duration heartbeat,
            List<WebhookReceiver.Webhook> webhooks) {
        this.settings = settings;
        this.readiness = readiness;
        this.metrics = metrics;
        this.clock = clock;
        this.router = new ModelRouter(bots, settings.aliases());
        AgentTurn turn = new AgentTurn(metrics, clock, heartbeat);
        this.chat = new ChatEndpoint(json, router, turn, new MessageMapper(json), clock);
        this.images = new ImagesEndpoint(json, router, turn, clock);
        this.limits = new KeyLimits(settings.maxConcurrentPerKey(), settings.requestsPerMinutePerKey(), clock);
        this.keyDigests = settings.apiKeys().stream()
                .map(Secret::reveal)
                .map(OpenAiServer::sha256)
                .toList();
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            // a known path with the wrong method is 405, not "unknown endpoint"
            config.http.prefer405over404 = true;
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_HEADER_BYTES));
            config.jetty.modifyServer(
                    server -> server.setErrorHandler(new JsonErrorHandler(json, MAX_HEADER_BYTES, MAX_BODY_BYTES)));
            config.routes.before("/v1/*", this::authenticate);
            config.routes.get("/v1/models", this::models);
            config.routes.get("/v1/models/{model}", this::model);
            config.routes.post(
                    "/v1/chat/completions", ctx -> limited(ctx, (body, caller) -> chat.handle(ctx, body, caller)));
            config.routes.post(
                    "/v1/images/generations", ctx -> limited(ctx, (body, caller) -> images.handle(ctx, body, caller)));
            config.routes.get(
                    "/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
            config.routes.get("/readyz", this::ready);
            for (WebhookReceiver.Webhook webhook : webhooks) {
                // the handler checks the platform's own secret; the answer carries no body worth parsing
                config.routes.post(
                        webhook.path(),
                        ctx -> ctx.status(webhook.handler().handle(ctx::header, ctx.bodyAsBytes()))
                                .result(""));
            }
            config.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(this.metrics.scrape()));
            config.routes.exception(ApiError.class, this::answerError);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (e.getStatus() == 405) {
                    // RFC 9110: a 405 names the methods the resource has (Javalin lists them in the details)
                    String allowed = e.getDetails().get("availableMethods");
                    if (allowed != null && !allowed.isBlank()) {
                        ctx.header("Allow", allowed.replace("[", "").replace("]", ""));
                    }
                }
                answerError(
                        new ApiError(
                                e.getStatus(),
                                e.getStatus() >= 500 ? "api_error" : "invalid_request_error",
                                describe(e, ctx),
                                null,
                                null),
                        ctx);
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
                answerError(
                        new ApiError(
                                500, "api_error", "The bridge failed to handle this request; see its log.", null, null),
                        ctx);
            });
        });
    }

    /** Binds {@link HttpSettings#host()}:{@link HttpSettings#port()} (0 picks a free port). */
    public void start() {
        if (keyDigests.isEmpty()) {
            log.warn("The HTTP API has no API keys configured: every /v1 request will be refused with 401");
        }
        app.start(settings.host(), settings.port());
        log.info(
                "OpenAI-compatible API listening on {}:{} with models {}",
                settings.host(),
                app.port(),
                router.models());
    }

    /** The bound port, after {@link #start()}. */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || header.substring(7).isBlank()) {
            throw ApiError.unauthorized("Missing API key: send the header 'Authorization: Bearer <key>'.");
        }
        byte[] presented = sha256(header.substring(7).strip());
        int match = -1;
        // Compare against every key without stopping early, in constant time each, so timing reveals nothing.
        for (int i = 0; i < keyDigests.size(); i++) {
            if (MessageDigest.isEqual(presented, keyDigests.get(i))) {
                match = i;
            }
        }
        if (match < 0) {
            throw ApiError.unauthorized("Incorrect API key provided.");
        }
        // A stable Coze user id per API key (never the key itself) for callers that send no 'user'.
        ctx.attribute(CALLER, "openai:key-" + (match + 1));
    }

    private void models(Context ctx) {
        long created = clock.instant().getEpochSecond();
        ObjectNode root = json.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String model : router.models()) {
            data.addObject()
                    .put("id", model)
                    .put("object", "model")
                    .put("created", created)
                    .put("owned_by", "coze-bridge");
        }
        ctx.contentType("application/json").result(root.toString());
    }

    private void model(Context ctx) {
        String model = ctx.pathParam("model");
        if (!router.models().contains(model)) {
            throw ApiError.unknownModel(model);
        }
        ObjectNode node = json.createObjectNode()
                .put("id", model)
                .put("object", "model")
                .put("created", clock.instant().getEpochSecond())
                .put("owned_by", "coze-bridge");
        ctx.contentType("application/json").result(node.toString());
    }

    private void ready(Context ctx) {
        ObjectNode root = json.createObjectNode();
        ArrayNode notReady = json.createArrayNode();
        boolean database;
        try {
            database = readiness.databasePing().getAsBoolean();
        } catch (RuntimeException e) {
            log.warn("Readiness: the database ping failed", e);
            database = false;
        }
        root.put("database", database ? "up" : "down");
        if (!database) {
            notReady.add("database");
        }
        ArrayNode platforms = root.putArray("platforms");
        readiness.platforms().forEach(adapter -> {
            boolean connected;
            try {
                connected = adapter.connected();
            } catch (RuntimeException e) {
                log.warn(
                        "Readiness: {} adapter of bot {} failed to report its state",
                        adapter.platform(),
                        adapter.bot(),
                        e);
                connected = false;
            }
            platforms
                    .addObject()
                    .put("platform", adapter.platform())
                    .put("bot", adapter.bot())
                    .put("connected", connected);
            if (!connected) {
                notReady.add(adapter.platform() + ":" + adapter.bot());
            }
        });
        root.put("status", notReady.isEmpty() ? "ready" : "not ready");
        root.set("not_ready", notReady);
        ctx.status(notReady.isEmpty() ? 200 : 503)
                .contentType("application/json")
                .result(root.toString());
    }

    /**
     * The body as JSON, read as bytes: JSON is UTF-8 (Jackson also detects UTF-16/32), so a charset the client names
     * can neither fail the decoding (an unknown name) nor hide bytes that are not text (silently replaced).
     */
    private JsonNode body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            // said at once: waiting for 32 MB that are over the limit anyway only holds the connection
            throw ApiError.tooLarge(MAX_BODY_BYTES);
        }
        byte[] bytes;
        try {
            bytes = ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            throw e;
        } catch (Exception e) {
            // Javalin rethrows Jetty's IOException unchecked or as is; either way the client sent a broken body
            throw incompleteBody(ctx, e);
        }
        return JsonBody.parse(json, bytes);
    }

    /** A body that stopped arriving (408) or ended early or in broken chunks (400); the cause goes to the log. */
    private static ApiError incompleteBody(Context ctx, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                log.info("HTTP {} {}: the request body stopped arriving ({})", ctx.method(), ctx.path(), e.toString());
                return ApiError.bodyTimedOut();
            }
        }
        if (!(e instanceof IOException) && !(e.getCause() instanceof IOException)) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        log.info("HTTP {} {}: the request body is incomplete ({})", ctx.method(), ctx.path(), e.toString());
        return ApiError.badRequest(
                "The request body ended before it was complete (shorter than its Content-Length, or broken chunked"
                        + " encoding); send the whole JSON body.",
                null);
    }

    /** Runs a Coze-backed endpoint inside the caller's per-key limits. */
    private void limited(Context ctx, CozeEndpoint endpoint) throws InterruptedException {
        String caller = ctx.attribute(CALLER);
        try (KeyLimits.Permit permit = limits.acquire(caller)) {
            endpoint.handle(body(ctx), caller);
        }
    }

    private interface CozeEndpoint {
        void handle(JsonNode body, String caller) throws InterruptedException;
    }

    private void answerError(ApiError error, Context ctx) {
        if (error.upstream()) {
            log.debug("HTTP {} {} answered {}: {}", ctx.method(), ctx.path(), error.status(), error.getMessage());
        } else if (error.status() >= 500) {
            log.warn("HTTP {} {} answered {}: {}", ctx.method(), ctx.path(), error.status(), error.getMessage());
        } else {
            log.info("HTTP {} {} answered {}: {}", ctx.method(), ctx.path(), error.status(), error.getMessage());
        }
        if (error.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(error.retryAfterSeconds()));
        }
        ctx.status(error.status())
                .contentType("application/json")
                .result(error.toJson(json).toString());
    }

    private static String describe(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> "Unknown endpoint: " + ctx.method() + " " + ctx.path() + ".";
            case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path() + ".";
            case 413 -> "The request body is larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MB.";
            default -> e.getMessage() == null ? "HTTP " + e.getStatus() : e.getMessage();
        };
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
