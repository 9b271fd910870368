package dev.cozebridge.fakes.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Deflater;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway v10 over plain-text JSON frames: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs, dispatches
 * with per-session sequence numbers, op 7 RECONNECT and RESUME with replay of missed events. Guild message
 * content is blanked unless the session asked for MESSAGE_CONTENT or an exception applies.
 */
final class FakeDiscordGateway extends WebSocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(FakeDiscordGateway.class);
    static final int MESSAGE_CONTENT = 1 << 15;
    private static final int PRIVILEGED = MESSAGE_CONTENT | (1 << 1) | (1 << 8);

    /** One dispatch as sent to a session. */
    record Dispatch(long seq, String type, ObjectNode data) {}

    private static final class Session {
        final String id;
        final int intents;
        final List<Dispatch> log = new CopyOnWriteArrayList<>();
        volatile WebSocket socket;
        long seq;

        Session(String id, int intents, WebSocket socket) {
            this.id = id;
            this.intents = intents;
            this.socket = socket;
        }
    }

    private final FakeDiscordSettings settings;
    private final FakeDiscordState state;
    private final FakeDiscordPayloads payloads;
    private final ObjectMapper json;
    private final CountDownLatch started = new CountDownLatch(1);
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Integer> identifiedIntents = new CopyOnWriteArrayList<>();
    private final AtomicInteger resumes = new AtomicInteger();
    private final List<String> connectQueries = new CopyOnWriteArrayList<>();
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final AtomicReference<Long> forcedReplayAfter = new AtomicReference<>();

    FakeDiscordGateway(
            FakeDiscordSettings settings, FakeDiscordState state, FakeDiscordPayloads payloads, ObjectMapper json) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.settings = settings;
        this.state = state;
        this.payloads = payloads;
        this.json = json;
        setReuseAddr(true);
        setDaemon(true);
    }

    void startAndWait() {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("fake gateway did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "ws://127.0.0.1:" + getPort() + "/";
    }

    List<Integer> identifiedIntents() {
        return List.copyOf(identifiedIntents);
    }

    /** The TCP port each gateway connection came from, to match against a proxy's upstream sockets. */
    List<Integer> clientPorts() {
        return List.copyOf(clientPorts);
    }

    List<String> connectQueries() {
        return List.copyOf(connectQueries);
    }

    int resumes() {
        return resumes.get();
    }

    /** The newest sequence number sent to the newest session (0 when none). */
    synchronized long lastSeq() {
        return newest().map(s -> s.seq).orElse(0L);
    }

    /** Asks every connected client to reconnect (op 7); the next RESUME replays everything after {@code seq}. */
    void reconnect(Long replayAfter) {
        forcedReplayAfter.set(replayAfter);
        for (Session session : sessions.values()) {
            WebSocket socket = session.socket;
            if (socket != null && socket.isOpen()) {
                frame(socket, "{\"op\":7,\"d\":null}");
            }
        }
    }

    /** Sends an event to every session (queued in its log while it is disconnected, for resume). */
    synchronized void dispatch(String type, ObjectNode data) {
        for (Session session : sessions.values()) {
            Dispatch dispatch = new Dispatch(++session.seq, type, data);
            session.log.add(dispatch);
            WebSocket socket = session.socket;
            if (socket != null && socket.isOpen()) {
                send(session, socket, dispatch);
            }
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        String query = handshake.getResourceDescriptor();
        connectQueries.add(query);
        clientPorts.add(conn.getRemoteSocketAddress().getPort());
        if (!query.contains("v=10") || !query.contains("encoding=json")) {
            conn.close(4012, "Invalid API version.");
            return;
        }
        if (query.contains("compress=zlib-stream")) {
            conn.setAttachment(new Deflater());
        }
        frame(
                conn,
                json.createObjectNode()
                        .put("op", 10)
                        .set(
                                "d",
                                json.createObjectNode()
                                        .put(
                                                "heartbeat_interval",
                                                settings.heartbeatInterval().toMillis()))
                        .toString());
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        JsonNode frame;
        try {
            frame = json.readTree(message);
        } catch (IOException e) {
            conn.close(4002, "Error while decoding payload.");
            return;
        }
        switch (frame.path("op").asInt(-1)) {
            case 1 -> frame(conn, "{\"op\":11}");
            case 2 -> identify(conn, frame.path("d"));
            case 6 -> resume(conn, frame.path("d"));
            case 3, 4, 8 -> {}
            default -> conn.close(4001, "Unknown opcode.");
        }
    }

    private synchronized void identify(WebSocket conn, JsonNode d) {
        if (!settings.token().equals(d.path("token").asText())) {
            conn.close(4004, "Authentication failed.");
            return;
        }
        int intents = d.path("intents").asInt();
        identifiedIntents.add(intents);
        if (!settings.privilegedIntentsAllowed() && (intents & PRIVILEGED) != 0) {
            conn.close(4014, "Disallowed intent(s).");
            return;
        }
        Session session = new Session("fake-session-" + state.ids.next(), intents, conn);
        sessions.put(session.id, session);
        sendNew(session, "READY", payloads.ready(session.id, url()));
        sendNew(session, "GUILD_CREATE", payloads.guildCreate());
    }

    private synchronized void resume(WebSocket conn, JsonNode d) {
        Session session = sessions.get(d.path("session_id").asText());
        if (session == null || !settings.token().equals(d.path("token").asText())) {
            frame(conn, "{\"op\":9,\"d\":false}");
            return;
        }
        resumes.incrementAndGet();
        session.socket = conn;
        Long forced = forcedReplayAfter.getAndSet(null);
        long after = forced != null ? forced : d.path("seq").asLong();
        for (Dispatch dispatch : new ArrayList<>(session.log)) {
            if (dispatch.seq() > after) {
                send(session, conn, dispatch);
            }
        }
        sendNew(session, "RESUMED", json.createObjectNode());
    }

    private void sendNew(Session session, String type, ObjectNode data) {
        Dispatch dispatch = new Dispatch(++session.seq, type, data);
        session.log.add(dispatch);
        send(session, session.socket, dispatch);
    }

    private void send(Session session, WebSocket socket, Dispatch dispatch) {
        ObjectNode frame =
                json.createObjectNode().put("op", 0).put("s", dispatch.seq()).put("t", dispatch.type());
        frame.set("d", visibleTo(session, dispatch));
        frame(socket, frame.toString());
    }

    /**
     * Sends one payload: a text frame, or with {@code compress=zlib-stream} a binary frame holding the next piece of
     * the connection's single zlib stream, ending in a sync flush ({@code 00 00 ff ff}) as Discord's do.
     */
    private static void frame(WebSocket socket, String payload) {
        Deflater deflater = socket.getAttachment();
        if (deflater == null) {
            socket.send(payload);
            return;
        }
        synchronized (deflater) {
            if (!socket.isOpen()) {
                return;
            }
            deflater.setInput(payload.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length);
            socket.send(out.toByteArray());
        }
    }

    /** Discord withholds guild message content without MESSAGE_CONTENT, except own and mentioning messages. */
    private ObjectNode visibleTo(Session session, Dispatch dispatch) {
        ObjectNode data = dispatch.data();
        boolean message = dispatch.type().startsWith("MESSAGE_");
        if (!message || (session.intents & MESSAGE_CONTENT) != 0 || !data.hasNonNull("guild_id")) {
            return data;
        }
        if (data.path("author").path("id").asText().equals(state.bot.id())) {
            return data;
        }
        for (JsonNode mention : data.path("mentions")) {
            if (mention.path("id").asText().equals(state.bot.id())) {
                return data;
            }
        }
        ObjectNode blank = data.deepCopy();
        blank.put("content", "");
        blank.putArray("embeds");
        blank.putArray("attachments");
        blank.putArray("components");
        return blank;
    }

    private java.util.Optional<Session> newest() {
        return sessions.values().stream().max(java.util.Comparator.comparing(s -> s.id));
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        Deflater deflater = conn.getAttachment();
        if (deflater != null) {
            synchronized (deflater) {
                deflater.end();
            }
        }
        for (Session session : sessions.values()) {
            if (session.socket == conn) {
                session.socket = null;
            }
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        LOG.debug("fake gateway socket error", ex);
    }

    void shutdown() {
        try {
            stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
