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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A strict forward proxy on 127.0.0.1, HTTP or SOCKS5, for proving that a client really goes through its
 * configured proxy. It resolves host names only from its own table ({@link #resolve}), so a test can point a
 * client at a name such as {@code discord.invalid} that nothing else can reach. HTTP: {@code CONNECT host:port}
 * tunnels, and absolute-form requests ({@code GET http://host/...}) forwarded one per connection; with
 * credentials, anything without the right {@code Proxy-Authorization: Basic} gets 407 and a
 * {@code Proxy-Authenticate} challenge, as a real proxy answers. SOCKS5 (RFC 1928/1929): CONNECT only, with
 * user/password authentication when credentials are set (a client offering only "no authentication" is
 * refused), domain names resolved by the proxy. SOCKS4 and other commands are refused.
 */
public final class FakeProxy implements AutoCloseable {
    /** One connection the proxy made to an upstream server. */
    public record Upstream(String host, int port, String how, int localPort) {}

    private enum Kind {
        HTTP,
        SOCKS5
    }

    private final Kind kind;
    private final String user;
    private final String password;
    private final ServerSocket server;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final List<Upstream> upstreams = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private FakeProxy(Kind kind, String user, String password) {
        this.kind = kind;
        this.user = user;
        this.password = password;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("fake-proxy-" + kind).start(this::acceptLoop);
    }

    public static FakeProxy http() {
        return new FakeProxy(Kind.HTTP, null, null);
    }

    public static FakeProxy http(String user, String password) {
        return new FakeProxy(Kind.HTTP, user, password);
    }

    public static FakeProxy socks5() {
        return new FakeProxy(Kind.SOCKS5, null, null);
    }

    public static FakeProxy socks5(String user, String password) {
        return new FakeProxy(Kind.SOCKS5, user, password);
    }

    /** Lets the proxy resolve {@code name} to {@code address}; other names fail as unknown hosts. */
    public FakeProxy resolve(String name, String address) {
        names.put(name.toLowerCase(Locale.ROOT), address);
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:port} or {@code socks5://127.0.0.1:port}. */
    public String url() {
        return (kind == Kind.HTTP ? "http" : "socks5") + "://127.0.0.1:" + port();
    }

    /** Every upstream connection so far: the target as the client named it, and how it was asked for. */
    public List<Upstream> upstreams() {
        return List.copyOf(upstreams);
    }

    /** Why requests were refused (407, unknown host, bad protocol), for failing tests to show. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            if (kind == Kind.HTTP) {
                serveHttp(client, in, out);
            } else {
                serveSocks(client, in, out);
            }
        } catch (IOException e) {
            // the client or the upstream went away: the tunnel ends
        } finally {
            open.remove(client);
        }
    }

    private void serveHttp(Socket client, InputStream in, OutputStream out) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return;
        }
        List<String> lines = new ArrayList<>(List.of(head.split("\r\n")));
        String[] requestLine = lines.removeFirst().split(" ");
        if (requestLine.length != 3) {
            refuse(out, "400 Bad Request", "malformed request line");
            return;
        }
        if (user != null && !authorized(lines)) {
            refusals.add("407 for " + requestLine[0] + " " + requestLine[1]);
            out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"fake\"\r\n"
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return;
        }
        if (requestLine[0].equals("CONNECT")) {
            String target = requestLine[1];
            int colon = target.lastIndexOf(':');
            Socket upstream =
                    connect(out, target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)), "CONNECT");
            if (upstream == null) {
                return;
            }
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            pipe(client, upstream);
            return;
        }
        URI uri = URI.create(requestLine[1]);
        if (uri.getScheme() == null || !uri.getScheme().equals("http") || uri.getHost() == null) {
            refuse(out, "400 Bad Request", "a proxy request needs an absolute http:// URI: " + requestLine[1]);
            return;
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        Socket upstream = connect(out, uri.getHost(), port, requestLine[0] + " " + uri.getRawPath());
        if (upstream == null) {
            return;
        }
        StringBuilder forwarded = new StringBuilder();
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        forwarded
                .append(requestLine[0])
                .append(' ')
                .append(path)
                .append(' ')
                .append(requestLine[2])
                .append("\r\n");
        for (String line : lines) {
            String name =
                    line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
            if (!name.equals("proxy-authorization") && !name.equals("proxy-connection") && !name.equals("connection")) {
                forwarded.append(line).append("\r\n");
            }
        }
        // one request per connection: the upstream closes after its answer, and so does the client's side
        forwarded.append("Connection: close\r\n\r\n");
        try (upstream) {
            upstream.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
            upstream.getOutputStream().flush();
            Thread body = Thread.ofVirtual().start(() -> copy(in, upstream));
            InputStream answer = upstream.getInputStream();
            String responseHead = readHead(answer);
            if (responseHead != null) {
                StringBuilder response = new StringBuilder();
                for (String line : responseHead.split("\r\n")) {
                    if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                        response.append(line).append("\r\n");
                    }
                }
                response.append("Connection: close\r\n\r\n");
                out.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
                answer.transferTo(out);
                out.flush();
            }
            body.interrupt();
        }
    }

    private boolean authorized(List<String> headers) {
        String expected =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return headers.stream()
                .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:"))
                .anyMatch(h -> h.substring(h.indexOf(':') + 1).trim().equals(expected));
    }

    private void serveSocks(Socket client, InputStream in, OutputStream out) throws IOException {
        int version = in.read();
        if (version != 5) {
            refusals.add("SOCKS version " + version);
            return;
        }
        byte[] methods = in.readNBytes(in.read());
        byte wanted = (byte) (user == null ? 0x00 : 0x02);
        boolean offered = false;
        for (byte m : methods) {
            offered |= m == wanted;
        }
        if (!offered) {
            refusals.add("SOCKS client offered no acceptable authentication method");
            out.write(new byte[] {5, (byte) 0xFF});
            out.flush();
            return;
        }
        out.write(new byte[] {5, wanted});
        out.flush();
        if (user != null) {
            int subVersion = in.read();
            String name = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
            String secret = new String(in.readNBytes(in.read()), StandardCharsets.UTF_8);
            boolean ok = subVersion == 1 && name.equals(user) && secret.equals(password);
            out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
            out.flush();
            if (!ok) {
                refusals.add("SOCKS authentication failed for user '" + name + "'");
                return;
            }
        }
        byte[] request = in.readNBytes(4);
        if (request.length < 4 || request[0] != 5 || request[1] != 1) {
            refusals.add("SOCKS command other than CONNECT");
            out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            return;
        }
        String host = switch (request[3]) {
            case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
            case 3 -> new String(in.readNBytes(in.read()), StandardCharsets.US_ASCII);
            case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
            default -> null;
        };
        int port = (in.read() << 8) | in.read();
        Socket upstream = host == null ? null : open(host, port, "SOCKS5");
        if (upstream == null) {
            out.write(new byte[] {5, 4, 0, 1, 0, 0, 0, 0, 0, 0}); // host unreachable
            out.flush();
            return;
        }
        out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
        out.flush();
        pipe(client, upstream);
    }

    /** Opens the upstream for an HTTP request, or answers 502 and returns null. */
    private Socket connect(OutputStream out, String host, int port, String how) throws IOException {
        Socket upstream = open(host, port, how);
        if (upstream == null) {
            refuse(out, "502 Bad Gateway", "cannot resolve " + host);
        }
        return upstream;
    }

    private Socket open(String host, int port, String how) {
        String address = names.getOrDefault(host.toLowerCase(Locale.ROOT), isLiteral(host) ? host : null);
        if (address == null) {
            refusals.add("unknown host " + host + " (" + how + ")");
            return null;
        }
        try {
            Socket upstream = new Socket(address, port);
            open.add(upstream);
            upstreams.add(new Upstream(host, port, how, upstream.getLocalPort()));
            return upstream;
        } catch (IOException e) {
            refusals.add("cannot connect to " + host + ":" + port + ": " + e.getMessage());
            return null;
        }
    }

    private static boolean isLiteral(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
    }

    private void refuse(OutputStream out, String status, String why) throws IOException {
        refusals.add(status + ": " + why);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The request or response head up to the blank line, read byte by byte so no body byte is consumed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4
                    && bytes[n - 4] == '\r'
                    && bytes[n - 3] == '\n'
                    && bytes[n - 2] == '\r'
                    && bytes[n - 1] == '\n') {
                return new String(bytes, 0, n - 4, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private void pipe(Socket client, Socket upstream) throws IOException {
        try (upstream) {
            Thread up = Thread.ofVirtual().start(() -> {
                try {
                    client.getInputStream().transferTo(upstream.getOutputStream());
                    upstream.shutdownOutput();
                } catch (IOException e) {
                    // one side closed
                }
            });
            upstream.getInputStream().transferTo(client.getOutputStream());
            client.shutdownOutput();
            try {
                up.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            open.remove(upstream);
        }
    }

    private static void copy(InputStream in, Socket upstream) {
        try {
            in.transferTo(upstream.getOutputStream());
        } catch (IOException e) {
            // the exchange is over
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
