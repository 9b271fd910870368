package dev.cozebridge.fakes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 intermediary on 127.0.0.1 in front of a server that closes every connection after its answer (the
 * fakes do): towards the client it keeps connections alive — each request goes upstream on a connection of its own,
 * the answer comes back without {@code Connection: close} — so the client pools and reuses them, as it would
 * behind a load balancer or proxy. Then it can do what such intermediaries do behind the client's back:
 * <ul>
 *     <li>{@link #closeIdle()} closes every kept-alive connection that sits between two requests (an idle timeout;
 *     the client learns of it only when it writes its next request into it);</li>
 *     <li>{@link #dropNextRequest()} reads the next request on any connection and closes that connection
 *     without forwarding it or answering.</li>
 * </ul>
 * Requests must carry a {@code Content-Length} (or none); answers are relayed byte for byte as they arrive, so
 * streams stream. A client that hangs up during an answer is only noticed at the next write or at {@link #close()}.
 */
public final class KeepAliveRelay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    /** Every open client connection and its state: NEW, BUSY (an exchange), IDLE (between two) or CLOSED. */
    private final Map<Socket, AtomicInteger> connections = new ConcurrentHashMap<>();

    private static final int NEW = 0;
    private static final int BUSY = 1;
    private static final int IDLE = 2;
    private static final int CLOSED = 3;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicBoolean dropNext = new AtomicBoolean();

    private KeepAliveRelay(int upstreamPort) {
        upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("keep-alive-relay").start(this::acceptLoop);
    }

    /** A relay to {@code 127.0.0.1:upstreamPort}. */
    public static KeepAliveRelay to(int upstreamPort) {
        return new KeepAliveRelay(upstreamPort);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Client connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Requests passed on upstream so far. */
    public int forwarded() {
        return forwarded.get();
    }

    /** Requests read and then dropped with their connection ({@link #dropNextRequest()}). */
    public int dropped() {
        return dropped.get();
    }

    /** Kept-alive client connections now waiting for their next request. */
    public int idleConnections() {
        return (int) connections.values().stream().filter(s -> s.get() == IDLE).count();
    }

    /**
     * Closes every client connection that has served a request and waits for the next one; returns how many. A
     * connection whose next request is already being read is left alone, so this never cuts an exchange.
     */
    public int closeIdle() {
        int closed = 0;
        for (var entry : connections.entrySet()) {
            if (entry.getValue().compareAndSet(IDLE, CLOSED)) {
                closeQuietly(entry.getKey());
                closed++;
            }
        }
        return closed;
    }

    /** The next request that arrives is read, then its connection is closed with no answer and nothing forwarded. */
    public void dropNextRequest() {
        dropNext.set(true);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                connections.put(client, new AtomicInteger(NEW));
                Thread.ofVirtual().name("keep-alive-relay-conn").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        AtomicInteger state = connections.get(client);
        try (client) {
            InputStream in = client.getInputStream();
            while (true) {
                int first = in.read();
                // a closeIdle() that took this connection first wins: the request meets a closed connection
                if (first < 0 || !(state.compareAndSet(NEW, BUSY) || state.compareAndSet(IDLE, BUSY))) {
                    return;
                }
                byte[] request = readRequest(first, in);
                if (dropNext.compareAndSet(true, false)) {
                    dropped.incrementAndGet();
                    return;
                }
                forwarded.incrementAndGet();
                if (!relay(request, client.getOutputStream())) {
                    return;
                }
                state.set(IDLE);
            }
        } catch (IOException e) {
            // the client or the upstream went away: this connection ends
        } finally {
            state.set(CLOSED);
            connections.remove(client);
        }
    }

    /** Sends one request upstream and its answer back; false when the answer was cut (then so is the client). */
    private boolean relay(byte[] request, OutputStream toClient) throws IOException {
        try (Socket up = new Socket()) {
            up.connect(upstream, 5_000);
            up.getOutputStream().write(request);
            up.getOutputStream().flush();
            InputStream fromUp = up.getInputStream();
            Head head = readHead(fromUp);
            if (head == null) {
                return false;
            }
            toClient.write(head.withoutConnectionClose().getBytes(StandardCharsets.ISO_8859_1));
            toClient.flush();
            long expected = head.contentLength();
            long copied = 0;
            byte[] tail = new byte[0];
            byte[] buffer = new byte[8192];
            int n;
            while ((n = fromUp.read(buffer)) > 0) {
                toClient.write(buffer, 0, n);
                toClient.flush();
                copied += n;
                tail = lastBytes(tail, buffer, n);
            }
            return head.chunked()
                    ? new String(tail, StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n")
                    : expected < 0 || copied == expected;
        }
    }

    private static byte[] lastBytes(byte[] tail, byte[] buffer, int n) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(tail, 0, tail.length);
        joined.write(buffer, 0, n);
        byte[] all = joined.toByteArray();
        int keep = Math.min(5, all.length);
        byte[] last = new byte[keep];
        System.arraycopy(all, all.length - keep, last, 0, keep);
        return last;
    }

    private static byte[] readRequest(int first, InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(first);
        while (!endsWithBlankLine(head)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request head cut");
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        long length = Head.parse(text).contentLength();
        if (Head.parse(text).chunked()) {
            throw new IOException("the relay takes requests with a Content-Length only");
        }
        byte[] body = in.readNBytes((int) Math.max(0, length));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(head.toByteArray());
        all.write(body);
        return all.toByteArray();
    }

    private static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!endsWithBlankLine(head)) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        return Head.parse(head.toString(StandardCharsets.ISO_8859_1));
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream bytes) {
        byte[] b = bytes.toByteArray();
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    /** A request or response head, as text ending in an empty line. */
    private record Head(String text) {
        static Head parse(String text) {
            return new Head(text);
        }

        private String header(String name) {
            for (String line : text.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        long contentLength() {
            String value = header("content-length");
            return value == null ? -1 : Long.parseLong(value);
        }

        boolean chunked() {
            String value = header("transfer-encoding");
            return value != null && value.toLowerCase(Locale.ROOT).contains("chunked");
        }

        /** The head as the client gets it: the upstream's "one answer per connection" is the relay's business. */
        String withoutConnectionClose() {
            StringBuilder out = new StringBuilder();
            for (String line : text.split("\r\n")) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    out.append(line).append("\r\n");
                }
            }
            return out.append("\r\n").toString();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.keySet().forEach(KeepAliveRelay::closeQuietly);
    }
}
