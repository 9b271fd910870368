package dev.cozebridge.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events straight onto the servlet response, flushed per event so each chunk leaves at once. An
 * IOException from any write means the client has gone.
 */
final class SseWriter {
    private final HttpServletResponse response;
    private OutputStream out;

    SseWriter(HttpServletResponse response) {
        this.response = response;
    }

    boolean opened() {
        return out != null;
    }

    /** Commits a 200 with the event-stream headers. */
    void open() throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        out = response.getOutputStream();
        response.flushBuffer();
    }

    void data(JsonNode node) throws IOException {
        write("data: " + node + "\n\n");
    }

    void done() throws IOException {
        write("data: [DONE]\n\n");
    }

    /** A comment line: ignored by clients, but it finds out whether the client is still there. */
    void heartbeat() throws IOException {
        write(": keep-alive\n\n");
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
