package dev.cozebridge.agent.coze;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads an LF-framed {@code .sse} fixture into (event, data) pairs, for feeding the mapper directly. */
record SseFixture(String event, String data) {

    static List<SseFixture> load(String resource) {
        try (InputStream in = SseFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing fixture " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<SseFixture> events = new ArrayList<>();
            for (String block : text.split("\n\n")) {
                String event = null;
                StringBuilder data = null;
                for (String line : block.split("\n")) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6);
                    } else if (line.startsWith("data:")) {
                        data = data == null
                                ? new StringBuilder(line.substring(5))
                                : data.append('\n').append(line.substring(5));
                    }
                }
                if (event != null || data != null) {
                    events.add(new SseFixture(event, data == null ? "" : data.toString()));
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
