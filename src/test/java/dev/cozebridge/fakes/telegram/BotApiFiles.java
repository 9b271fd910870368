package dev.cozebridge.fakes.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files users sent to the fake, as the Bot API keeps them (media-and-interactions §2.1, §2.3): each has a
 * {@code file_id} (per bot, reusable) and a {@code file_unique_id}; {@code getFile} assigns a {@code file_path}
 * (folder by kind, {@code voice/file_N.oga} for voice notes) and refuses files over the cloud's 20 MB download
 * limit with "file is too big"; the bytes are served at {@code /file/bot<token>/<file_path>} only after that
 * getFile. Guarded by the fake's lock.
 *
 * <p>As a local Bot API server ({@code --local}, §2.3) the fake has no download limit and answers getFile with an
 * absolute path in its working folder, {@code <dir>/<token>/<folder>/file_N.ext}; the server itself serves no
 * files over HTTP. Either that folder is shared with the bridge (the fake writes the file there and its file route
 * serves nothing), or a static web server in front maps {@code /file/bot<token>/<relative path>} onto the token's
 * folder (the fake then writes nothing and its file route serves the relative path).
 */
final class BotApiFiles {
    /** What the cloud Bot API lets a bot download. */
    static final long CLOUD_DOWNLOAD_LIMIT = 20L * 1024 * 1024;

    /** A file the fake keeps; {@code path} is null until a getFile asked for it. */
    static final class Entry {
        final String fileId;
        final String uniqueId;
        final String folder;
        final String extension;
        final byte[] bytes;
        String path;

        Entry(String fileId, String uniqueId, String folder, String extension, byte[] bytes) {
            this.fileId = fileId;
            this.uniqueId = uniqueId;
            this.folder = folder;
            this.extension = extension;
            this.bytes = bytes;
        }
    }

    private final FakeTelegram t;
    private final Map<String, Entry> byId = new HashMap<>();
    private final Map<String, Entry> byPath = new HashMap<>();
    final List<String> downloads = new ArrayList<>();
    private int counter;
    /** Downloads still to be cut off before any answer (a dropped connection). */
    int droppedDownloads;

    private int paths;
    /** The local server's working folder, or null for the cloud Bot API. */
    private Path localDir;
    /** Whether a web server in front of the local server serves its files (else the folder is shared). */
    private boolean webServerInFront;

    BotApiFiles(FakeTelegram fake) {
        this.t = fake;
    }

    /** Keeps {@code bytes} as a new file; {@code folder} as Telegram names it (photos, documents, voice, ...). */
    Entry register(String folder, String extension, byte[] bytes) {
        int n = ++counter;
        Entry entry = new Entry(
                "AgACAgIAAxkBAAIC" + Integer.toHexString(0x10000 + n) + "fake" + n,
                "AQADdg" + Integer.toHexString(0x1000 + n),
                folder,
                extension,
                bytes.clone());
        byId.put(entry.fileId, entry);
        return entry;
    }

    /** The common fields of a file object: file_id, file_unique_id, file_size. */
    ObjectNode fileJson(Entry entry) {
        return t.json.createObjectNode()
                .put("file_id", entry.fileId)
                .put("file_unique_id", entry.uniqueId)
                .put("file_size", entry.bytes.length);
    }

    /** From now on, a local Bot API server working in {@code dir}; see the class comment. */
    void local(Path dir, boolean webServerInFront) {
        this.localDir = dir;
        this.webServerInFront = webServerInFront;
    }

    JsonNode getFile(JsonNode p) throws ApiError {
        String fileId = p.path("file_id").asText("");
        if (fileId.isEmpty()) {
            throw new ApiError(400, "Bad Request: file_id is empty");
        }
        Entry entry = byId.get(fileId);
        if (entry == null) {
            throw new ApiError(400, "Bad Request: invalid file_id");
        }
        if (localDir == null && entry.bytes.length > CLOUD_DOWNLOAD_LIMIT) {
            throw new ApiError(400, "Bad Request: file is too big");
        }
        if (entry.path == null) {
            entry.path = entry.folder + "/file_" + (++paths) + "." + entry.extension;
            if (localDir == null || webServerInFront) {
                byPath.put(entry.path, entry);
            }
        }
        if (localDir == null) {
            return fileJson(entry).put("file_path", entry.path);
        }
        Path onDisk = localDir.resolve(t.settings.token()).resolve(entry.path).toAbsolutePath();
        if (!webServerInFront) {
            try {
                Files.createDirectories(onDisk.getParent());
                Files.write(onDisk, entry.bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fileJson(entry).put("file_path", onDisk.toString());
    }

    /** The bytes at a file_path handed out by getFile, or null (the route then answers 404). */
    byte[] download(String path) {
        Entry entry = byPath.get(path);
        if (entry == null) {
            return null;
        }
        downloads.add(path);
        return entry.bytes;
    }
}
