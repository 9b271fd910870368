package dev.cozebridge.platform.telegram;

import dev.cozebridge.config.ProxySettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.net.OutboundProxy;
import dev.cozebridge.platform.MediaDownload;
import dev.cozebridge.platform.MediaDownloadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The files of a Telegram message as {@link Attachment}s (the ref is the file_id), and their download: getFile,
 * then the file route of the configured Bot API server. TelegramBots' own download hard-codes api.telegram.org
 * (media-and-interactions §2.3), so the URL is built here from {@code telegram.api_url}. That URL carries the bot
 * token: it never leaves this class, is never logged and is never handed to Coze; the bytes are. A local Bot API
 * server ({@code --local}) answers getFile with an absolute path on its disk, inside a folder named after the
 * token, and serves no files over HTTP (§2.3): the file is read from that path when the bridge shares the folder,
 * else fetched from the file route relative to the token's folder, where a static web server in front serves it.
 */
final class TelegramMedia implements MediaDownload {

    private final OkHttpTelegramClient client;
    private final TelegramUrl api;
    private final String token;
    private final TelegramFailures failures;
    private final OkHttpClient http;

    /** @param proxy {@code telegram.proxy}, or null */
    TelegramMedia(
            OkHttpTelegramClient client,
            TelegramUrl api,
            String token,
            TelegramFailures failures,
            ProxySettings proxy) {
        this.client = client;
        this.api = api;
        this.token = token;
        this.failures = failures;
        this.http = OutboundProxy.apply(new OkHttpClient.Builder(), proxy)
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .followRedirects(false)
                .build();
    }

    /** True for the kinds of message the bridge takes as a question with files. */
    static boolean hasMedia(Message m) {
        return m.hasPhoto() || m.hasDocument() || m.hasVoice() || m.hasAudio() || m.hasVideo() || m.hasVideoNote();
    }

    /** The message's files, in the form Coze gets them: the largest size of a photo. */
    static List<Attachment> attachments(Message m) {
        List<Attachment> files = new ArrayList<>();
        if (m.hasPhoto()) {
            files.add(photo(m.getPhoto()));
        }
        if (m.hasDocument()) {
            Document d = m.getDocument();
            String type = d.getMimeType();
            files.add(new Attachment(
                    kindOf(type),
                    named(d.getFileName(), "document-" + d.getFileUniqueId()),
                    type,
                    size(d.getFileSize()),
                    d.getFileId()));
        }
        if (m.hasVoice()) {
            var v = m.getVoice();
            // voice notes are OGG/Opus (.oga on Telegram's side); Coze knows the .ogg extension
            files.add(new Attachment(
                    Attachment.Kind.AUDIO,
                    "voice-" + v.getFileUniqueId() + ".ogg",
                    v.getMimeType() == null ? "audio/ogg" : v.getMimeType(),
                    size(v.getFileSize()),
                    v.getFileId()));
        }
        if (m.hasAudio()) {
            var a = m.getAudio();
            files.add(new Attachment(
                    Attachment.Kind.AUDIO,
                    named(a.getFileName(), "audio-" + a.getFileUniqueId() + ".mp3"),
                    a.getMimeType() == null ? "audio/mpeg" : a.getMimeType(),
                    size(a.getFileSize()),
                    a.getFileId()));
        }
        if (m.hasVideo()) {
            var v = m.getVideo();
            files.add(new Attachment(
                    Attachment.Kind.VIDEO,
                    named(v.getFileName(), "video-" + v.getFileUniqueId() + ".mp4"),
                    v.getMimeType() == null ? "video/mp4" : v.getMimeType(),
                    size(v.getFileSize()),
                    v.getFileId()));
        }
        if (m.hasVideoNote()) {
            var v = m.getVideoNote();
            long announced = v.getFileSize() == null ? -1 : v.getFileSize();
            files.add(new Attachment(
                    Attachment.Kind.VIDEO,
                    "video-note-" + v.getFileUniqueId() + ".mp4",
                    "video/mp4",
                    announced,
                    v.getFileId()));
        }
        return files;
    }

    /** A photo's largest size (Telegram lists several; the biggest is usually, not always, the last). */
    static Attachment photo(List<PhotoSize> sizes) {
        PhotoSize largest = sizes.stream()
                .max(Comparator.comparingLong((PhotoSize p) -> p.getFileSize() == null ? 0 : p.getFileSize())
                        .thenComparingLong(p -> (long) p.getWidth() * p.getHeight()))
                .orElseThrow();
        return new Attachment(
                Attachment.Kind.IMAGE,
                "photo-" + largest.getFileUniqueId() + ".jpg",
                "image/jpeg",
                largest.getFileSize() == null ? -1 : largest.getFileSize(),
                largest.getFileId());
    }

    private static Attachment.Kind kindOf(String mediaType) {
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return Attachment.Kind.IMAGE;
        }
        if (type.startsWith("audio/")) {
            return Attachment.Kind.AUDIO;
        }
        if (type.startsWith("video/")) {
            return Attachment.Kind.VIDEO;
        }
        return Attachment.Kind.FILE;
    }

    private static String named(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name;
    }

    private static long size(Long announced) {
        return announced == null ? -1 : announced;
    }

    @Override
    public byte[] download(Attachment attachment, long maxBytes) throws MediaDownloadException, InterruptedException {
        File file;
        try {
            file = client.execute(GetFile.builder().fileId(attachment.ref()).build());
        } catch (TelegramApiException e) {
            if (TelegramFailures.interrupted(e)) {
                throw new InterruptedException("getFile interrupted");
            }
            TelegramFailures.Answer answer = TelegramFailures.answer(e);
            // the cloud Bot API serves at most 20 MB and says so instead of a path
            boolean tooBig = answer != null
                    && answer.description().toLowerCase(Locale.ROOT).contains("too big");
            throw new MediaDownloadException("Telegram getFile failed: " + failures.describe(e), tooBig, null);
        }
        if (file.getFileSize() != null && file.getFileSize() > maxBytes) {
            throw new MediaDownloadException("Telegram says the file has " + file.getFileSize() + " bytes", true, null);
        }
        String path = file.getFilePath();
        if (path == null || path.isBlank()) {
            throw new MediaDownloadException("Telegram getFile answered without a file_path", false, null);
        }
        if (path.startsWith("/")) {
            // a local Bot API server; the path names the token's folder, so it is never put into a message
            Path local = Path.of(path);
            if (Files.isRegularFile(local) && Files.isReadable(local)) {
                return read(local, maxBytes);
            }
            int tokenFolder = path.indexOf("/" + token + "/");
            if (tokenFolder < 0) {
                throw new MediaDownloadException(
                        "the local Bot API server's file is not readable here and not in the bot's folder",
                        false,
                        null);
            }
            path = path.substring(tokenFolder + token.length() + 2);
        }
        HttpUrl url = new HttpUrl.Builder()
                .scheme(api.getSchema())
                .host(api.getHost())
                .port(api.getPort())
                .addPathSegment("file")
                .addPathSegment("bot" + token)
                .addPathSegments(path)
                .build();
        try (Response response =
                http.newCall(new Request.Builder().url(url).build()).execute()) {
            if (!response.isSuccessful()) {
                throw new MediaDownloadException(
                        "the Bot API file route answered HTTP " + response.code(), false, null);
            }
            long length = response.body().contentLength();
            if (length > maxBytes) {
                throw new MediaDownloadException("the download has " + length + " bytes", true, null);
            }
            try (InputStream in = response.body().byteStream()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new MediaDownloadException("the download has more than " + maxBytes + " bytes", true, null);
                }
                return bytes;
            }
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("download interrupted");
            }
            throw new MediaDownloadException("the download timed out: " + failures.describe(e), false, null);
        } catch (IOException e) {
            throw new MediaDownloadException("the download failed: " + failures.describe(e), false, null);
        }
    }

    /** A file of a local Bot API server on a disk this process shares with it. */
    private static byte[] read(Path local, long maxBytes) throws MediaDownloadException {
        try {
            long size = Files.size(local);
            if (size > maxBytes) {
                throw new MediaDownloadException("the local file has " + size + " bytes", true, null);
            }
            try (InputStream in = Files.newInputStream(local)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new MediaDownloadException("the local file has more than " + maxBytes + " bytes", true, null);
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new MediaDownloadException(
                    "the local Bot API server's file could not be read: "
                            + e.getClass().getSimpleName(),
                    false,
                    null);
        }
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
