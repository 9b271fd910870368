package dev.cozebridge.fakes.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * REST v10 transport: authentication, routing to {@link FakeDiscordRoutes}, per-route rate-limit buckets,
 * Discord's error shapes, the {@code Via} header on every response, and a record of every call.
 */
final class FakeDiscordRest {
    private static final String PREFIX = "/api/v10/";
    /** A message created or edited in a channel: the writes a streaming answer makes. */
    private static final java.util.regex.Pattern MESSAGE_WRITE =
            java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(PREFIX) + "channels/\\d+/messages(/\\d+)?");

    /** An answer: status and JSON body (null for 204). */
    record Reply(int status, JsonNode body) {}

    /** Discord's JSON error: {@code {"message":…,"code":…,"errors":…}}. */
    static final class ApiError extends RuntimeException {
        final int status;
        final int code;
        final JsonNode errors;

        ApiError(int status, int code, String message, JsonNode errors) {
            super(message);
            this.status = status;
            this.code = code;
            this.errors = errors;
        }
    }

    /** The global limit was reached: a 429 with this body. */
    private static final class GlobalLimit extends RuntimeException {
        final JsonNode body;

        GlobalLimit(JsonNode body) {
            super("global rate limit");
            this.body = body;
        }
    }

    @FunctionalInterface
    interface Handler {
        Reply handle(Matcher path, JsonNode body, Map<String, String> query);
    }

    /**
     * One route. {@code bucket} names the rate-limit bucket; {@code major} is the path group that splits it
     * (channel id, interaction or webhook token); {@code authenticated} routes need {@code Bot <token>}.
     */
    record Route(
            String method,
            Pattern path,
            String bucket,
            int major,
            boolean authenticated,
            boolean strictBucket,
            Handler handler) {}

    private final FakeDiscordSettings settings;
    private final ObjectMapper json;
    private final FakeRateLimiter limiter;
    /** Resets and 5xx for the next message writes (create, edit), see {@link FakeDiscord#injectServerErrors}. */
    final dev.cozebridge.fakes.InjectedFaults faults = new dev.cozebridge.fakes.InjectedFaults();

    private final List<Route> routes;
    private final List<RestCall> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    FakeDiscordRest(
            FakeDiscordSettings settings,
            ObjectMapper json,
            FakeRateLimiter limiter,
            List<Route> routes,
            FakeDiscordCdn cdn) {
        this.settings = settings;
        this.json = json;
        this.limiter = limiter;
        this.routes = routes;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.createContext("/attachments/", cdn::serve);
        server.start();
        cdn.base("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
    }

    List<RestCall> calls() {
        return List.copyOf(calls);
    }

    void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        long receivedNanos = System.nanoTime();
        String method = exchange.getRequestMethod();
        String fullPath = exchange.getRequestURI().getRawPath();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (!"GET".equals(method) && MESSAGE_WRITE.matcher(fullPath).matches()) {
            if (faults.takeReset()) {
                calls.add(new RestCall(
                        method,
                        fullPath.substring(PREFIX.length()),
                        MissingNode.getInstance(),
                        0,
                        Instant.now(),
                        receivedNanos));
                // closing an exchange that sent no headers closes the connection: the client reads no answer
                exchange.close();
                return;
            }
            if (faults.takeServerError()) {
                Reply failed = new Reply(
                        500,
                        json.createObjectNode()
                                .put("message", "500: Internal Server Error")
                                .put("code", 0));
                calls.add(new RestCall(
                        method,
                        fullPath.substring(PREFIX.length()),
                        MissingNode.getInstance(),
                        500,
                        Instant.now(),
                        receivedNanos));
                respond(exchange, failed, Map.of());
                return;
            }
        }
        JsonNode body = MissingNode.getInstance();
        Reply reply;
        Map<String, String> headers = Map.of();
        try {
            if (!fullPath.startsWith(PREFIX)) {
                throw new ApiError(404, 0, "404: Not Found", null);
            }
            String path = fullPath.substring(PREFIX.length());
            body = parse(exchange, raw);
            Route route = null;
            Matcher matcher = null;
            for (Route candidate : routes) {
                Matcher m = candidate.path().matcher(path);
                if (m.matches()) {
                    if (!candidate.method().equals(method)) {
                        continue;
                    }
                    route = candidate;
                    matcher = m;
                    break;
                }
            }
            if (route == null) {
                throw new ApiError(404, 0, "404: Not Found", null);
            }
            if (route.authenticated()
                    && !("Bot " + settings.token())
                            .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                throw new ApiError(401, 0, "401: Unauthorized", null);
            }
            // interaction callbacks and webhooks (the unauthenticated routes) are outside the global limit
            FakeRateLimiter.Verdict global = route.authenticated()
                    ? limiter.global(settings.globalLimit(), settings.globalWindow())
                    : new FakeRateLimiter.Verdict(Map.of(), false, 0);
            String majorValue = route.major() > 0 ? matcher.group(route.major()) : "";
            int limit = route.strictBucket() ? settings.bucketLimit() : 50;
            Duration window = route.strictBucket() ? settings.bucketWindow() : Duration.ofSeconds(1);
            if (global.limited()) {
                long retryAfter = Math.max(1, (long) Math.ceil(global.retryAfterSeconds()));
                headers = Map.of(
                        "X-RateLimit-Global", "true",
                        "X-RateLimit-Scope", "global",
                        "Retry-After", Long.toString(retryAfter));
                throw new GlobalLimit(json.createObjectNode()
                        .put("message", "You are being rate limited.")
                        .put("retry_after", global.retryAfterSeconds())
                        .put("global", true));
            }
            FakeRateLimiter.Verdict verdict = limiter.take(
                    method, path, "fake-" + route.bucket(), route.bucket() + ":" + majorValue, limit, window);
            headers = verdict.headers();
            if (verdict.limited()) {
                long retryAfter = Math.max(1, (long) Math.ceil(verdict.retryAfterSeconds()));
                ObjectNode limited = json.createObjectNode()
                        .put("message", "You are being rate limited.")
                        .put("retry_after", verdict.retryAfterSeconds())
                        .put("global", false);
                headers = new java.util.HashMap<>(headers);
                headers.put("Retry-After", Long.toString(retryAfter));
                headers.put("X-RateLimit-Scope", "user");
                reply = new Reply(429, limited);
            } else {
                reply = route.handler()
                        .handle(matcher, body, query(exchange.getRequestURI().getRawQuery()));
            }
        } catch (GlobalLimit e) {
            reply = new Reply(429, e.body);
        } catch (ApiError e) {
            ObjectNode error =
                    json.createObjectNode().put("message", e.getMessage()).put("code", e.code);
            if (e.errors != null) {
                error.set("errors", e.errors);
            }
            reply = new Reply(e.status, error);
        } catch (RuntimeException e) {
            reply = new Reply(
                    500,
                    json.createObjectNode()
                            .put("message", "500: Internal Server Error")
                            .put("code", 0)
                            .put("fake_error", String.valueOf(e)));
        }
        String recordedPath = fullPath.startsWith(PREFIX) ? fullPath.substring(PREFIX.length()) : fullPath;
        calls.add(new RestCall(method, recordedPath, body, reply.status(), Instant.now(), receivedNanos));
        respond(exchange, reply, headers);
    }

    private JsonNode parse(HttpExchange exchange, byte[] raw) {
        if (raw.length == 0) {
            return MissingNode.getInstance();
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            throw new ApiError(400, 50035, "Invalid Form Body", null);
        }
        try {
            return json.readTree(raw);
        } catch (IOException e) {
            throw new ApiError(400, 50109, "The request body contains invalid JSON.", null);
        }
    }

    private static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        return query;
    }

    private static void respond(HttpExchange exchange, Reply reply, Map<String, String> headers) throws IOException {
        // real Discord answers through Google's front end; JDA treats a 429 without Via as a Cloudflare ban
        exchange.getResponseHeaders().add("Via", "1.1 google");
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            exchange.close();
            return;
        }
        byte[] bytes = reply.body().toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
