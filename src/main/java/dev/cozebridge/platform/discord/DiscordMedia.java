package dev.cozebridge.platform.discord;

import dev.cozebridge.config.ProxySettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Quote;
import dev.cozebridge.net.OutboundProxy;
import dev.cozebridge.platform.MediaDownload;
import dev.cozebridge.platform.MediaDownloadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.dv8tion.jda.api.entities.Message;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Discord attachments as {@link Attachment}s (the ref is the signed CDN URL) and their download. The bytes are
 * fetched here with the adapter's own client rather than JDA's file proxy, whose static client is shared by every
 * JDA in the process and bounded by nothing we set (media-and-interactions §3.1). CDN URLs are signed and expire in
 * about a day, so they are downloaded while the question is answered and never kept or logged.
 */
final class DiscordMedia implements MediaDownload {
    private final OkHttpClient http;

    /** @param proxy {@code discord.proxy} (the CDN is reached the way the REST API is), or null */
    DiscordMedia(ProxySettings proxy) {
        this.http = OutboundProxy.apply(new OkHttpClient.Builder(), proxy)
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .build();
    }

    static List<Attachment> attachments(Message message) {
        List<Attachment> files = new ArrayList<>();
        boolean voice = message.isVoiceMessage();
        for (Message.Attachment a : message.getAttachments()) {
            files.add(attachment(a, voice));
        }
        return files;
    }

    static Attachment attachment(Message.Attachment a, boolean voiceMessage) {
        String type = a.getContentType();
        return new Attachment(kindOf(a, type, voiceMessage), a.getFileName(), type, a.getSize(), a.getUrl());
    }

    /** The message a question replies to, with its pictures. Null when there is nothing to quote. */
    static Quote quote(Message referenced, String author, String text) {
        List<Attachment> images = new ArrayList<>();
        for (Message.Attachment a : referenced.getAttachments()) {
            if (a.isImage()) {
                images.add(attachment(a, false));
            }
        }
        Quote quote = new Quote(author, text, images);
        return quote.isEmpty() ? null : quote;
    }

    private static Attachment.Kind kindOf(Message.Attachment a, String type, boolean voiceMessage) {
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (voiceMessage || lower.startsWith("audio/")) {
            return Attachment.Kind.AUDIO;
        }
        if (a.isImage() || lower.startsWith("image/")) {
            return Attachment.Kind.IMAGE;
        }
        if (a.isVideo() || lower.startsWith("video/")) {
            return Attachment.Kind.VIDEO;
        }
        return Attachment.Kind.FILE;
    }

    @Override
    public byte[] download(Attachment attachment, long maxBytes) throws MediaDownloadException, InterruptedException {
        HttpUrl url = HttpUrl.parse(attachment.ref());
        if (url == null) {
            throw new MediaDownloadException("the attachment has no usable URL", false, null);
        }
        String where = url.host() + " (attachment " + attachment.name() + ")";
        try (Response response =
                http.newCall(new Request.Builder().url(url).build()).execute()) {
            if (!response.isSuccessful()) {
                // an expired or tampered signature is a 404 on the CDN
                throw new MediaDownloadException(
                        "the Discord CDN answered HTTP " + response.code() + " for " + where, false, null);
            }
            long length = response.body().contentLength();
            if (length > maxBytes) {
                throw new MediaDownloadException(where + " has " + length + " bytes", true, null);
            }
            try (InputStream in = response.body().byteStream()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new MediaDownloadException(where + " has more than " + maxBytes + " bytes", true, null);
                }
                return bytes;
            }
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("download interrupted");
            }
            throw new MediaDownloadException("the download from " + where + " timed out", false, null);
        } catch (IOException e) {
            throw new MediaDownloadException(
                    "the download from " + where + " failed: " + e.getClass().getSimpleName(), false, null);
        }
    }

    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
