package dev.cozebridge.fakes.coze;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Writes one SSE response at byte level: pace between events, tiny chunks that split UTF-8 sequences, keep-alive
 * comments, stalls that end as soon as the client hangs up, and abrupt cuts.
 */
final class ChatStreamer {
    /** How the stream ended, so the fake can track the chat status. */
    enum End {
        COMPLETED,
        FAILED,
        REQUIRES_ACTION,
        CUT,
        CLIENT_GONE
    }

    private final Socket socket;
    private final CountDownLatch clientGone = new CountDownLatch(1);
    private final CountDownLatch serverClosing;
    private final java.util.function.Consumer<End> onStatus;

    ChatStreamer(Socket socket, CountDownLatch serverClosing) {
        this(socket, serverClosing, end -> {});
    }

    /** @param onStatus told the chat's new status just before the frame that reports it is written */
    ChatStreamer(Socket socket, CountDownLatch serverClosing, java.util.function.Consumer<End> onStatus) {
        this.socket = socket;
        this.serverClosing = serverClosing;
        this.onStatus = onStatus;
        Thread.ofVirtual().name("fake-coze-watch").start(this::watchClient);
    }

    /** The request is fully read, so any byte or EOF now on the input means the client hung up. */
    private void watchClient() {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() != -1) {
                // a well-behaved client sends nothing more; keep draining until it closes
            }
        } catch (IOException ignored) {
            // reset or closed: the client is gone either way
        }
        clientGone.countDown();
    }

    End stream(Script script, List<SseScriptRenderer.Step> steps, String logId) throws IOException {
        HttpWire.startChunked(socket, 200, "text/event-stream", logId);
        boolean first = true;
        End end = End.COMPLETED;
        for (SseScriptRenderer.Step step : steps) {
            if (clientGone.getCount() == 0) {
                return End.CLIENT_GONE;
            }
            switch (step) {
                case SseScriptRenderer.Step.Stall stall -> {
                    awaitQuietly(null);
                    return End.CLIENT_GONE;
                }
                case SseScriptRenderer.Step.Hold hold -> {
                    if (awaitRelease(hold.release())) {
                        return End.CLIENT_GONE;
                    }
                }
                case SseScriptRenderer.Step.Cut cut -> {
                    socket.close();
                    return End.CUT;
                }
                case SseScriptRenderer.Step.Frame frame -> {
                    if (!first && awaitQuietly(script.pace)) {
                        return End.CLIENT_GONE;
                    }
                    first = false;
                    if (script.comments) {
                        write(script, (script.crlf ? ": keep-alive\r\n" : ": keep-alive\n"));
                    }
                    if (frame.text().startsWith("event:error")
                            || frame.text().startsWith("event:conversation.chat.failed")) {
                        end = End.FAILED;
                    } else if (frame.text().startsWith("event:conversation.chat.requires_action")) {
                        end = End.REQUIRES_ACTION;
                    }
                    if (end != End.COMPLETED || frame.text().startsWith("event:conversation.chat.completed")) {
                        // the chat's status changes as the client can learn of it, not when the stream ends
                        onStatus.accept(end);
                    }
                    if (script.onWrite != null) {
                        report(script.onWrite, frame.text());
                    }
                    write(script, frame.text());
                }
            }
        }
        HttpWire.endChunks(socket);
        return end;
    }

    /** Tells the hook which event this frame carries, with the time just before its first byte is written. */
    private static void report(Script.FrameWritten hook, String frame) {
        long nanos = System.nanoTime();
        String[] lines = frame.split("\r?\n");
        String event = lines[0].startsWith("event:")
                ? lines[0].substring("event:".length()).strip()
                : "";
        String type = null;
        if (event.startsWith("conversation.message.") && lines.length > 1 && lines[1].startsWith("data:")) {
            try {
                type = FRAME_JSON
                        .readTree(lines[1].substring("data:".length()))
                        .path("type")
                        .asText(null);
            } catch (IOException unparsable) {
                // a deliberately malformed data line: no type to report
            }
        }
        hook.written(event, type, nanos);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper FRAME_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** Replays a fixture verbatim (optionally in tiny chunks). */
    void replay(Script script, byte[] body, String logId) throws IOException {
        HttpWire.startChunked(socket, 200, "text/event-stream", logId);
        writeBytes(script, body);
        HttpWire.endChunks(socket);
    }

    private void write(Script script, String text) throws IOException {
        writeBytes(script, text.getBytes(StandardCharsets.UTF_8));
    }

    private void writeBytes(Script script, byte[] bytes) throws IOException {
        if (script.chunkBytes <= 0) {
            HttpWire.chunk(socket, bytes, 0, bytes.length);
            return;
        }
        for (int from = 0; from < bytes.length; from += script.chunkBytes) {
            HttpWire.chunk(socket, bytes, from, Math.min(script.chunkBytes, bytes.length - from));
        }
    }

    /** Waits {@code pace} (or forever when null); true when the client hung up or the fake is closing. */
    private boolean awaitQuietly(Duration pace) {
        try {
            if (pace == null) {
                while (clientGone.getCount() > 0 && serverClosing.getCount() > 0) {
                    clientGone.await(20, TimeUnit.MILLISECONDS);
                }
                return true;
            }
            if (pace.isZero()) {
                return clientGone.getCount() == 0;
            }
            return clientGone.await(pace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Waits for {@code release}; true when the client hung up or the fake is closing first. */
    private boolean awaitRelease(CountDownLatch release) {
        try {
            while (!release.await(20, TimeUnit.MILLISECONDS)) {
                if (clientGone.getCount() == 0 || serverClosing.getCount() == 0) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** A classpath fixture's bytes. */
    static byte[] fixture(String resource) throws IOException {
        try (InputStream in = ChatStreamer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource + " on the test classpath");
            }
            return in.readAllBytes();
        }
    }
}
