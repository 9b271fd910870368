package dev.cozebridge.fakes.coze;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The file side of {@link FakeCoze}: {@code /v1/files/upload} (one multipart part {@code file}; every upload
 * recorded with its bytes and its id remembered, so a chat may reference only ids this account uploaded) and
 * {@code /v1/audio/transcriptions} (part {@code file}, at most 10 MB, answer {@code data.text};
 * media-and-interactions §1.1, §1.3). The caller has checked the bearer.
 */
final class FakeFiles {
    static final int MAX_TRANSCRIPTION_BYTES = 10 * 1024 * 1024;

    private final ObjectMapper json;
    private final FakeEnvelopes env;
    private final Supplier<String> ids;
    final List<RecordedUpload> uploads = new CopyOnWriteArrayList<>();
    final Set<String> uploadedIds = ConcurrentHashMap.newKeySet();
    final List<RecordedTranscription> transcriptions = new CopyOnWriteArrayList<>();
    final AtomicInteger failingUploads = new AtomicInteger();
    volatile int uploadFailureCode;
    volatile Function<byte[], String> transcriber = audio -> "transcribed " + audio.length + " bytes";

    FakeFiles(ObjectMapper json, FakeEnvelopes env, Supplier<String> ids) {
        this.json = json;
        this.env = env;
        this.ids = ids;
    }

    void upload(Socket socket, HttpWire.Request request, String logId, long now, boolean studio, String baseUrl)
            throws IOException {
        Multipart.Part file = filePart(socket, request, logId);
        if (file == null) {
            return;
        }
        if (failingUploads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            env.respond(socket, 200, env.envelope(uploadFailureCode, "upload failed", null, logId), logId);
            return;
        }
        String id = ids.get();
        uploads.add(new RecordedUpload(id, file.fileName(), file.contentType(), file.content()));
        uploadedIds.add(id);
        ObjectNode data = env.uploaded(id, file, now, studio, baseUrl);
        env.respond(socket, 200, env.envelope(0, "", data, logId), logId);
    }

    void transcribe(Socket socket, HttpWire.Request request, String logId) throws IOException {
        Multipart.Part file = filePart(socket, request, logId);
        if (file == null) {
            return;
        }
        if (file.content().length > MAX_TRANSCRIPTION_BYTES) {
            env.respond(socket, 200, env.envelope(4000, "audio file exceeds 10MB", null, logId), logId);
            return;
        }
        String text = transcriber.apply(file.content());
        transcriptions.add(new RecordedTranscription(file.fileName(), file.contentType(), file.content(), text));
        env.respond(socket, 200, env.envelope(0, "", json.createObjectNode().put("text", text), logId), logId);
    }

    /** The {@code file} part, or null after answering 4000 for a request without one. */
    private Multipart.Part filePart(Socket socket, HttpWire.Request request, String logId) throws IOException {
        Map<String, Multipart.Part> parts = Multipart.parse(request.header("content-type"), request.body());
        Multipart.Part file = parts == null ? null : parts.get("file");
        if (file == null || file.fileName() == null) {
            env.respond(
                    socket,
                    200,
                    env.envelope(4000, "multipart part 'file' with a filename is required", null, logId),
                    logId);
            return null;
        }
        return file;
    }
}
