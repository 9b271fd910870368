package dev.cozebridge.fakes.coze;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A strict, protocol-faithful fake of the Coze open API on 127.0.0.1 (see reference/coze-api.md §13): streamed
 * {@code /v3/chat}, {@code /v3/chat/cancel}, {@code /v1/files/upload} (every upload recorded with its bytes),
 * {@code /v1/audio/transcriptions} (not in the Studio profile, which answers 404 as Studio does) and the OAuth JWT
 * token endpoint. It rejects
 * what Coze rejects (bad token → 4101 on HTTP 200, conversation_id in the body → 4000, a second running chat on one
 * conversation → {@code event:error} 4016, an object_string item whose file_id this account never uploaded or a
 * media-only message with no plain text next to it → 4000 …), answers chats from a FIFO of {@link Script}s or a default echo, and
 * records every request. Thread-safe; one instance per test.
 *
 * <pre>{@code
 * try (FakeCoze coze = FakeCoze.start()) {
 *     coze.enqueue(Script.answer("Refunds take 5 days.").deltas(4).followUps("How do I return?"),
 *                  Script.answer("partial").midStreamError(5000, "boom", 1));
 *     // point CozeSettings at coze.baseUrl() with new Secret(coze.token()), run the code under test, then:
 *     RecordedChat chat = coze.awaitChats(1).getFirst();   // body, query, headers, messages, logId
 *     await().until(() -> coze.openStreams() == 0);
 * }
 * }</pre>
 * Faults of other endpoints: {@link #failUploads}, {@link #failBotInfo} (a 5xx gateway page), {@link #dropCancels}
 * (no answer at all). Chat faults: {@link Script#jsonError}, {@link Script#httpError}, {@link Script#midStreamError},
 * {@link Script#chatFailed}, {@link Script#cutAfter}, {@link Script#stallAfter}, {@link Script#malformedDataLine};
 * framing quirks: {@link Script#chunked}, {@link Script#crlf}, {@link Script#comments}, {@link Script#studio},
 * {@link Script#withoutDone}; verbatim fixtures: {@link Script#fromFile}. Only {@code stream=true} chats are served
 * (a {@code stream=false} chat is answered with 4000).
 */
public final class FakeCoze implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final ObjectMapper json = new ObjectMapper();
    private final ServerSocket server;
    private final String token;
    private final Queue<Script> scripts = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<RecordedChat> chats = new CopyOnWriteArrayList<>();
    private final List<RecordedCancel> cancels = new CopyOnWriteArrayList<>();
    private final List<RecordedTokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final Set<String> runningConversations = ConcurrentHashMap.newKeySet();
    private final Map<String, String> chatStatus = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong(7431283384104517658L + (long) (Math.random() * 1_000_000_000L));
    private final CountDownLatch closing = new CountDownLatch(1);
    private final FakeEnvelopes env = new FakeEnvelopes(json);
    private final ChatRules rules = new ChatRules(json);
    private final SseScriptRenderer renderer = new SseScriptRenderer(json);
    private final FakeOAuth oauth = new FakeOAuth(json, HOST);
    private final FakeFiles files = new FakeFiles(json, env, this::nextId);
    private volatile Function<RecordedChat, Script> defaultScript =
            chat -> Script.answer("You said: " + chat.lastUserText()).deltas(3);
    private volatile boolean studio;
    private volatile Clock clock = Clock.systemUTC();
    private volatile Set<String> knownBots;
    private final Map<String, FakeBotInfo> botInfos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> images = new ConcurrentHashMap<>();
    private final List<RecordedStream> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger failingBotInfos = new AtomicInteger();
    private final AtomicInteger droppedCancels = new AtomicInteger();
    private volatile int botInfoFailureStatus;

    private FakeCoze() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        token = "pat_" + HexFormat.of().formatHex(raw);
        Thread.ofPlatform().daemon().name("fake-coze-accept").start(this::acceptLoop);
    }

    /** Starts a fake on a random port of 127.0.0.1. */
    public static FakeCoze start() {
        try {
            return new FakeCoze();
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind the fake Coze server", e);
        }
    }

    public String baseUrl() {
        return "http://" + HOST + ":" + server.getLocalPort();
    }

    /** The API host name, the {@code aud} a JWT must carry. */
    public String host() {
        return HOST;
    }

    /** A personal access token this fake accepts. */
    public String token() {
        return token;
    }

    /** Answers the next chats with these scripts, in order. */
    public FakeCoze enqueue(Script... next) {
        scripts.addAll(List.of(next));
        return this;
    }

    /**
     * Drops the scripts no chat has taken yet and says how many there were: a class that shares one fake across
     * its tests calls it after each, so one test that failed before its chat cannot shift the next one's answers.
     */
    public int discardQueued() {
        int left = 0;
        while (scripts.poll() != null) {
            left++;
        }
        return left;
    }

    /** The answer when no script is queued; by default "You said: &lt;last user message&gt;" in 3 deltas. */
    public FakeCoze defaultScript(Function<RecordedChat, Script> fallback) {
        this.defaultScript = fallback;
        return this;
    }

    /**
     * Coze Studio profile: Studio SSE dialect for every streamed script, {@code stream} defaulting to true, upload
     * shape, 700012006 auth errors on HTTP 200, HTTP 400 {code:400} parameter errors.
     */
    public FakeCoze studioMode(boolean on) {
        this.studio = on;
        return this;
    }

    /** Accepts OAuth JWTs signed for this app on the token endpoint, then the issued tokens everywhere. */
    public FakeCoze enableOAuth(OAuthKeys keys) {
        oauth.enable(keys);
        return this;
    }

    /** The clock for token expiry (defaults to the system clock). */
    public FakeCoze clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Only these bot ids exist (others get 4200); by default every bot id exists. */
    public FakeCoze knownBots(String... botIds) {
        this.knownBots = Set.of(botIds);
        return this;
    }

    /** Invalidates every OAuth access token issued so far, as an expiry on the server side would. */
    public FakeCoze revokeAccessTokens() {
        oauth.revokeAll();
        return this;
    }

    /**
     * What {@code GET /v1/bots/{botId}} answers (shortcut commands, onboarding), and the shortcuts a chat's
     * {@code shortcut_command} may name. Without it a bot's info has an empty prologue and no shortcuts.
     */
    public FakeCoze botInfo(String botId, FakeBotInfo info) {
        botInfos.put(botId, info);
        return this;
    }

    /**
     * Serves a small PNG at the returned URL, for answers that show a picture. Any other path under
     * {@code /images/} is a 404, like an expired CDN link.
     */
    public String image(String name) {
        images.put(name, TINY_PNG);
        return baseUrl() + "/images/" + name;
    }

    /** A URL under this fake that answers 404. */
    public String missingImage(String name) {
        return baseUrl() + "/images/" + name;
    }

    /** Every streamed chat, with how its stream ended; in the order the streams ended. */
    public List<RecordedStream> streams() {
        return List.copyOf(streams);
    }

    public List<RecordedChat> chats() {
        return List.copyOf(chats);
    }

    public List<RecordedCancel> cancels() {
        return List.copyOf(cancels);
    }

    public List<RecordedUpload> uploads() {
        return List.copyOf(files.uploads);
    }

    public List<RecordedTranscription> transcriptions() {
        return List.copyOf(files.transcriptions);
    }

    /** The next {@code n} uploads are refused with Coze's envelope {@code code} on HTTP 200 (e.g. 4013, 5000). */
    public FakeCoze failUploads(int n, int code) {
        files.uploadFailureCode = code;
        files.failingUploads.set(n);
        return this;
    }

    /**
     * The next {@code n} bot-info requests meet a failing gateway: HTTP {@code status} (5xx) with an HTML page, as a
     * proxy in front of Coze answers (coze-api §8.1), not Coze's JSON envelope.
     */
    public FakeCoze failBotInfo(int n, int status) {
        botInfoFailureStatus = status;
        failingBotInfos.set(n);
        return this;
    }

    /**
     * The next {@code n} cancel requests are read and recorded (as not accepted), then their connection is closed
     * without an answer: the connection-level failure a client sees when Coze or a proxy drops it.
     */
    public FakeCoze dropCancels(int n) {
        droppedCancels.set(n);
        return this;
    }

    /** What {@code /v1/audio/transcriptions} hears in a recording; by default "transcribed N bytes". */
    public FakeCoze transcriber(Function<byte[], String> hears) {
        files.transcriber = hears;
        return this;
    }

    public List<RecordedTokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** Every request, any endpoint, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** SSE responses currently being written (a cancelled stream leaves this count). */
    public int openStreams() {
        return openStreams.get();
    }

    /** Waits (up to 10 s) until at least {@code n} chats arrived, and returns them. */
    public List<RecordedChat> awaitChats(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> chats.size() >= n);
        return chats();
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread.ofVirtual().name("fake-coze-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            HttpWire.Request request = HttpWire.read(socket.getInputStream());
            if (request == null) {
                return;
            }
            String logId = FakeEnvelopes.newLogId();
            requests.add(new RecordedRequest(
                    request.method(),
                    request.target(),
                    request.path(),
                    request.query(),
                    request.headers(),
                    request.body(),
                    System.nanoTime(),
                    logId));
            route(socket, request, logId);
        } catch (IOException e) {
            // the client went away mid-response; nothing to answer
        } finally {
            sockets.remove(socket);
        }
    }

    private void route(Socket socket, HttpWire.Request request, String logId) throws IOException {
        String route = request.method() + " " + request.path();
        switch (route) {
            case "POST /v3/chat" -> chat(socket, request, logId);
            case "POST /v3/chat/cancel" -> cancel(socket, request, logId);
            case "POST /v1/files/upload" -> upload(socket, request, logId);
            // Coze Studio has no audio API: its 404 is the default branch
            case "POST /v1/audio/transcriptions" -> {
                if (studio) {
                    env.respond(socket, 404, env.envelope(404, "no route " + route, null, logId), logId);
                } else {
                    transcribe(socket, request, logId);
                }
            }
            case "POST /api/permission/oauth2/token" -> oauthToken(socket, request, logId);
            default -> {
                if (request.method().equals("GET") && request.path().startsWith("/v1/bots/")) {
                    botInfo(socket, request, logId);
                } else if (request.method().equals("GET") && request.path().startsWith("/images/")) {
                    serveImage(socket, request.path().substring("/images/".length()), logId);
                } else {
                    env.respond(socket, 404, env.envelope(404, "no route " + route, null, logId), logId);
                }
            }
        }
    }

    private void chat(Socket socket, HttpWire.Request request, String logId) throws IOException {
        JsonNode body = env.parse(request.bodyText());
        List<RecordedChat.Message> messages = new ArrayList<>();
        for (JsonNode m : body.path("additional_messages")) {
            messages.add(new RecordedChat.Message(
                    m.path("role").asText(null),
                    m.path("type").asText(null),
                    m.path("content_type").asText(null),
                    m.path("content").asText(null)));
        }
        int authCode = authProblem(request);
        String violation = authCode == 0 ? rules.violation(body, studio, Set.copyOf(files.uploadedIds)) : null;
        if (violation == null && authCode == 0) {
            violation = shortcutProblem(body);
        }
        int code = authCode != 0 ? authCode : violation != null ? 4000 : unknownBot(body) ? 4200 : 0;
        String conversationId = request.query().get("conversation_id");
        boolean busy = code == 0 && conversationId != null && !runningConversations.add(conversationId);
        Script script = code == 0 && !busy ? nextScript(body, request, messages, logId) : null;
        int scriptedCode = script != null && script.kind == Script.Kind.JSON_ERROR
                ? script.faultCode
                : script != null && script.kind == Script.Kind.HTTP_ERROR ? script.httpStatus : 0;
        chats.add(new RecordedChat(
                body,
                request.query(),
                request.headers(),
                List.copyOf(messages),
                System.nanoTime(),
                clock.instant(),
                code != 0 ? code : busy ? 4016 : scriptedCode,
                logId));
        if (authCode != 0) {
            env.rejectAuth(socket, authCode, logId, studio);
            return;
        }
        if (code != 0) {
            String msg = code == 4200
                    ? "Requested resource bot_id=" + body.path("bot_id").asText() + " does not exist."
                    : violation;
            if (studio && code == 4000) {
                env.respond(socket, 400, env.envelope(400, msg, null, null), logId);
            } else {
                env.respond(socket, 200, env.envelope(code, msg, null, logId), logId);
            }
            return;
        }
        if (busy) {
            streamBusy(socket, logId);
            return;
        }
        boolean release = conversationId != null;
        try {
            answer(socket, script, conversationId, body.path("bot_id").asText(), logId);
        } finally {
            if (release) {
                runningConversations.remove(conversationId);
            }
        }
    }

    private Script nextScript(
            JsonNode body, HttpWire.Request request, List<RecordedChat.Message> messages, String logId) {
        Script queued = scripts.poll();
        if (queued != null) {
            return queued;
        }
        return defaultScript.apply(new RecordedChat(
                body,
                request.query(),
                request.headers(),
                List.copyOf(messages),
                System.nanoTime(),
                clock.instant(),
                0,
                logId));
    }

    private void answer(Socket socket, Script script, String conversationId, String botId, String logId)
            throws IOException {
        switch (script.kind) {
            case JSON_ERROR ->
                env.respond(
                        socket,
                        script.httpStatus,
                        env.envelope(script.faultCode, script.faultMessage, null, logId),
                        logId);
            case HTTP_ERROR ->
                HttpWire.respond(
                        socket,
                        script.httpStatus,
                        script.contentType,
                        script.body.getBytes(StandardCharsets.UTF_8),
                        logId);
            case FILE -> {
                byte[] fixture = ChatStreamer.fixture(script.resource);
                openStreams.incrementAndGet();
                try {
                    new ChatStreamer(socket, closing).replay(script, fixture, logId);
                } finally {
                    openStreams.decrementAndGet();
                }
            }
            case STREAM -> {
                script.studio |= studio;
                String chatId = nextId();
                String conversation = conversationId != null ? conversationId : nextId();
                long now = clock.instant().getEpochSecond();
                var chatIds = new SseScriptRenderer.ChatIds(chatId, conversation, botId, conversation, now);
                chatStatus.put(chatId, "in_progress|" + conversation);
                openStreams.incrementAndGet();
                try {
                    var end = new ChatStreamer(socket, closing, status -> {
                                String next = switch (status) {
                                    case COMPLETED -> "completed|";
                                    case FAILED -> "failed|";
                                    case REQUIRES_ACTION -> "requires_action|";
                                    default -> null;
                                };
                                if (next != null) {
                                    // a cancelled chat stays cancelled while its stream runs on
                                    chatStatus.compute(
                                            chatId,
                                            (k, was) -> was != null && was.startsWith("canceled|")
                                                    ? was
                                                    : next + conversation);
                                }
                            })
                            .stream(script, renderer.render(script, chatIds, this::nextId), logId);
                    streams.add(
                            new RecordedStream(chatId, conversation, end == ChatStreamer.End.CLIENT_GONE, end.name()));
                } finally {
                    openStreams.decrementAndGet();
                }
            }
        }
    }

    private void streamBusy(Socket socket, String logId) throws IOException {
        openStreams.incrementAndGet();
        try {
            Script plain = Script.answer("");
            var step = renderer.errorOnly(
                    4016,
                    "Conversation occupied: Another chat is currently active. Please wait "
                            + "for the ongoing chat to complete or create a new conversation to start a separate chat. "
                            + "Ensure only one chat runs at a time within the same conversation.");
            new ChatStreamer(socket, closing).stream(plain, List.of(step), logId);
        } finally {
            openStreams.decrementAndGet();
        }
    }

    private void cancel(Socket socket, HttpWire.Request request, String logId) throws IOException {
        int authCode = authProblem(request);
        if (authCode != 0) {
            env.rejectAuth(socket, authCode, logId, studio);
            return;
        }
        JsonNode body = env.parse(request.bodyText());
        String conversationId = body.path("conversation_id").isTextual()
                ? body.get("conversation_id").asText()
                : null;
        String chatId = body.path("chat_id").isTextual() ? body.get("chat_id").asText() : null;
        if (droppedCancels.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            cancels.add(new RecordedCancel(conversationId, chatId, false));
            return; // serve() closes the socket: no status line at all
        }
        if (conversationId == null || chatId == null) {
            cancels.add(new RecordedCancel(conversationId, chatId, false));
            env.respond(
                    socket,
                    200,
                    env.envelope(4000, "conversation_id and chat_id are required strings", null, logId),
                    logId);
            return;
        }
        String status = chatStatus.get(chatId);
        boolean known = status != null && status.endsWith("|" + conversationId);
        boolean running = known && status.startsWith("in_progress|");
        cancels.add(new RecordedCancel(conversationId, chatId, running));
        if (!running) {
            int code = known ? 4000 : 4200;
            String msg = known
                    ? "chat is " + status.substring(0, status.indexOf('|')) + " and cannot be canceled"
                    : "chat " + chatId + " does not exist";
            env.respond(socket, 200, env.envelope(code, msg, null, logId), logId);
            return;
        }
        chatStatus.put(chatId, "canceled|" + conversationId);
        ObjectNode chat = json.createObjectNode();
        chat.put("id", chatId);
        chat.put("conversation_id", conversationId);
        chat.put("status", "canceled");
        env.respond(socket, 200, env.envelope(0, "", chat, logId), logId);
    }

    /** §1.6: command_id must name one of the bot's shortcuts; parameters are object_string JSON text by name. */
    private String shortcutProblem(JsonNode body) {
        JsonNode shortcut = body.get("shortcut_command");
        if (shortcut == null) {
            return null;
        }
        if (!shortcut.isObject() || !shortcut.path("command_id").isTextual()) {
            return "shortcut_command must be an object with a string command_id";
        }
        FakeBotInfo info = botInfos.get(body.path("bot_id").asText());
        FakeBotInfo.Shortcut known = info == null
                ? null
                : info.shortcutById(shortcut.get("command_id").asText());
        if (known == null) {
            return "shortcut command " + shortcut.get("command_id").asText() + " does not exist for this bot";
        }
        JsonNode parameters = shortcut.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isObject()) {
            return "shortcut_command.parameters must be an object";
        }
        for (var entry : parameters.properties()) {
            if (known.components().stream().noneMatch(c -> c.name().equals(entry.getKey()))) {
                return "shortcut_command.parameters." + entry.getKey() + " is not a component of the shortcut";
            }
            if (!entry.getValue().isTextual()) {
                return "shortcut_command.parameters." + entry.getKey() + " must be object_string JSON text";
            }
            JsonNode items = env.parse(entry.getValue().asText());
            JsonNode first = items.isArray() ? items.path(0) : items;
            if (!first.isObject() || !first.path("type").isTextual()) {
                return "shortcut_command.parameters." + entry.getKey() + " must be object_string JSON text";
            }
        }
        return null;
    }

    private void botInfo(Socket socket, HttpWire.Request request, String logId) throws IOException {
        int authCode = authProblem(request);
        if (authCode != 0) {
            env.rejectAuth(socket, authCode, logId, studio);
            return;
        }
        if (failingBotInfos.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            int status = botInfoFailureStatus;
            HttpWire.respond(
                    socket,
                    status,
                    "text/html",
                    ("<html><body><h1>" + status + " Bad Gateway</h1></body></html>").getBytes(StandardCharsets.UTF_8),
                    null);
            return;
        }
        String botId = request.path().substring("/v1/bots/".length());
        Set<String> bots = knownBots;
        if (bots != null && !bots.contains(botId)) {
            env.respond(
                    socket,
                    200,
                    env.envelope(4200, "Requested resource bot_id=" + botId + " does not exist.", null, logId),
                    logId);
            return;
        }
        FakeBotInfo info = botInfos.getOrDefault(botId, FakeBotInfo.named("Bot " + botId));
        env.respond(socket, 200, env.envelope(0, "", info.render(json, botId, studio), logId), logId);
    }

    private void serveImage(Socket socket, String name, String logId) throws IOException {
        byte[] png = images.get(name);
        if (png == null) {
            HttpWire.respond(socket, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), logId);
        } else {
            HttpWire.respond(socket, 200, "image/png", png, logId);
        }
    }

    /** A 1×1 transparent PNG. */
    private static final byte[] TINY_PNG = java.util.Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private void upload(Socket socket, HttpWire.Request request, String logId) throws IOException {
        int authCode = authProblem(request);
        if (authCode != 0) {
            env.rejectAuth(socket, authCode, logId, studio);
            return;
        }
        files.upload(socket, request, logId, clock.instant().getEpochSecond(), studio, baseUrl());
    }

    private void transcribe(Socket socket, HttpWire.Request request, String logId) throws IOException {
        int authCode = authProblem(request);
        if (authCode != 0) {
            env.rejectAuth(socket, authCode, logId, studio);
            return;
        }
        files.transcribe(socket, request, logId);
    }

    private void oauthToken(Socket socket, HttpWire.Request request, String logId) throws IOException {
        FakeOAuth.Outcome outcome =
                oauth.exchange(request.header("authorization"), env.parse(request.bodyText()), clock);
        tokenRequests.add(outcome.record());
        env.respond(socket, outcome.status(), outcome.body(), logId);
    }

    /** 0 when the bearer is acceptable, else the code Coze answers with. */
    private int authProblem(HttpWire.Request request) {
        String authorization = request.header("authorization");
        String bearer =
                authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        if (bearer != null && bearer.equals(token)) {
            return 0;
        }
        if (bearer != null && oauth.accepts(bearer, clock.instant().getEpochSecond())) {
            return 0;
        }
        if (studio) {
            return 700012006;
        }
        return bearer != null && oauth.issuedHere(bearer) ? 700012006 : 4101;
    }

    private boolean unknownBot(JsonNode body) {
        Set<String> bots = knownBots;
        return bots != null && !bots.contains(body.path("bot_id").asText());
    }

    private String nextId() {
        return String.valueOf(ids.incrementAndGet());
    }

    @Override
    public String toString() {
        return "FakeCoze[" + baseUrl() + "]";
    }
}
