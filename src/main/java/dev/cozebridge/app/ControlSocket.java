package dev.cozebridge.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Unix domain socket in the data folder ({@value #FILE_NAME}) through which a running {@code coze-bridge run}
 * answers {@code health}, {@code stats} and {@code backup}: the H2 file is locked by the running process, so these
 * commands ask it instead of opening the file. Only the owner may connect (mode 600); nothing listens on the
 * network. Protocol: one request line; the answer is {@code ok} or {@code error <why>} on the first line, then
 * the text to print, then the connection closes.
 */
final class ControlSocket implements AutoCloseable {
    static final String FILE_NAME = "coze-bridge.sock";
    private static final Logger log = LoggerFactory.getLogger(ControlSocket.class);

    /** One answer: whether it worked, and the lines to print. */
    record Answer(boolean ok, List<String> lines) {
        static Answer ok(List<String> lines) {
            return new Answer(true, List.copyOf(lines));
        }

        static Answer error(String why) {
            return new Answer(false, List.of(why));
        }
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final Function<String, Answer> handler;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel server, Function<String, Answer> handler) {
        this.path = path;
        this.server = server;
        this.handler = handler;
        this.acceptor = Thread.ofPlatform().daemon().name("coze-bridge-control").start(this::acceptLoop);
    }

    static Path path(Path dataFolder) {
        return dataFolder.resolve(FILE_NAME);
    }

    /**
     * Listens in {@code dataFolder}; empty (after a warning) when it cannot, because the bridge itself works
     * without it. A socket file left by a crashed process is replaced; one a live process answers on is not.
     */
    static Optional<ControlSocket> listen(Path dataFolder, Function<String, Answer> handler) {
        Path path = path(dataFolder);
        try {
            Files.createDirectories(dataFolder);
            if (Files.exists(path)) {
                if (ask(path, "health").isPresent()) {
                    log.warn("Another coze-bridge answers on {}; health, stats and backup will reach that one", path);
                    return Optional.empty();
                }
                Files.delete(path);
            }
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's access rules apply
            }
            return Optional.of(new ControlSocket(path, server, handler));
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "No control socket at {} ({}): health, stats and backup cannot reach this running bridge",
                    path,
                    e.toString());
            return Optional.empty();
        }
    }

    /** Sends {@code request} to the bridge listening at {@code path}; empty when none listens there. */
    static Optional<Answer> ask(Path path, String request) {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            PrintWriter out = new PrintWriter(
                    new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), true);
            out.println(request);
            BufferedReader in = reader(channel);
            String status = in.readLine();
            if (status == null) {
                return Optional.of(Answer.error("the running bridge closed the connection without an answer"));
            }
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
            if (status.equals("ok")) {
                return Optional.of(Answer.ok(lines));
            }
            return Optional.of(Answer.error(status.startsWith("error ") ? status.substring(6) : status));
        } catch (IOException e) {
            // a socket file nobody listens on (the bridge died): as if there were none
            return Optional.empty();
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("coze-bridge-control-request").start(() -> serve(client));
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String request = reader(client).readLine();
            Answer answer;
            try {
                answer = request == null ? Answer.error("empty request") : handler.apply(request.strip());
            } catch (RuntimeException e) {
                log.warn("Control request '{}' failed: {}", request, e.toString());
                answer = Answer.error(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            PrintWriter out = new PrintWriter(
                    new OutputStreamWriter(Channels.newOutputStream(client), StandardCharsets.UTF_8), false);
            out.println(answer.ok() ? "ok" : "error " + String.join(" ", answer.lines()));
            if (answer.ok()) {
                answer.lines().forEach(out::println);
            }
            out.flush();
        } catch (IOException e) {
            log.debug("Control connection ended early: {}", e.toString());
        }
    }

    private static BufferedReader reader(SocketChannel channel) {
        Reader reader = new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8);
        return new BufferedReader(reader);
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(2_000);
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("Closing the control socket {}: {}", path, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
