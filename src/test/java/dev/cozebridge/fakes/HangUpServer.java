package dev.cozebridge.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that is reachable but never answers: it accepts each TCP connection and closes it at once, like a
 * firewall or a broken middlebox in front of Discord or Telegram; or, {@link #holding()}, keeps it open and says
 * nothing, like a service that hangs, so the client waits for its read timeout. Counts the connections, so a test
 * can compare the attempts a client made with the lines it logged.
 */
public final class HangUpServer implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;
    private final boolean hold;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private HangUpServer(boolean hold) {
        this.hold = hold;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofPlatform().daemon().name("hang-up-server").start(this::acceptLoop);
    }

    public static HangUpServer start() {
        return new HangUpServer(false);
    }

    /** A server that accepts connections and never writes a byte or closes them until {@link #close()}. */
    public static HangUpServer holding() {
        return new HangUpServer(true);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted (and closed) so far. */
    public int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                if (hold) {
                    held.add(socket);
                } else {
                    socket.close();
                }
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
            acceptor.join(2_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
