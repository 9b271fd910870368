package dev.cozebridge.fakes.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * sendPhoto and sendMediaGroup with photos given as HTTP URLs (media-and-interactions §2.4): like Telegram, the fake
 * fetches each URL itself and refuses what it cannot get or what is not an image of at most 5 MB. A media group is
 * 2–10 items and all or nothing. Uploads (multipart) are not served: the fake cannot read them.
 */
final class BotApiPhotos {

    private static final long MAX_URL_PHOTO = 5L * 1024 * 1024;
    private static final String NOT_FETCHED = "Bad Request: failed to get HTTP URL content";
    private static final String WRONG_ID = "Bad Request: wrong file identifier/HTTP URL specified";

    private final FakeTelegram t;
    private final BotApiMethods methods;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BotApiPhotos(FakeTelegram fake, BotApiMethods methods) {
        this.t = fake;
        this.methods = methods;
    }

    JsonNode call(String method, JsonNode p) throws ApiError {
        if (method.equals("sendphoto")) {
            String refused = fetch(p.path("photo").asText(""));
            if (refused != null) {
                throw new ApiError(400, refused);
            }
            return locked(() -> {
                FakeTelegram.Chat chat = prepare(p);
                return message(chat, methods.thread(p, chat), p.path("photo").asText(), null);
            });
        }
        JsonNode media = p.get("media");
        if (media == null || !media.isArray() || media.size() < 2 || media.size() > 10) {
            throw new ApiError(400, "Bad Request: wrong number of media in the album, must be 2-10");
        }
        for (int i = 0; i < media.size(); i++) {
            JsonNode item = media.get(i);
            if (!"photo".equals(item.path("type").asText())) {
                throw new ApiError(400, "Bad Request: the fake serves photo albums only");
            }
            if (fetch(item.path("media").asText("")) != null) {
                throw new ApiError(
                        400,
                        "Bad Request: failed to send message #" + (i + 1)
                                + " with the error message \"WEBPAGE_CURL_FAILED\"");
            }
        }
        return locked(() -> {
            FakeTelegram.Chat chat = prepare(p);
            Integer thread = methods.thread(p, chat);
            String group = Long.toString(System.nanoTime());
            ArrayNode sent = t.json.createArrayNode();
            for (JsonNode item : media) {
                sent.add(message(chat, thread, item.get("media").asText(), group));
            }
            return sent;
        });
    }

    private FakeTelegram.Chat prepare(JsonNode p) throws ApiError {
        FakeTelegram.Chat chat = methods.chat(p);
        methods.writable(chat);
        if (p.has("reply_markup") && p.has("media")) {
            throw new ApiError(400, "Bad Request: sendMediaGroup has no reply_markup");
        }
        methods.admitWrite(chat);
        return chat;
    }

    private ObjectNode message(FakeTelegram.Chat chat, Integer thread, String url, String group) {
        int id = t.nextMessageId(chat.id());
        ObjectNode json = t.baseMessage(chat, t.bot(), id);
        if (thread != null) {
            json.put("message_thread_id", thread).put("is_topic_message", true);
        }
        if (group != null) {
            json.put("media_group_id", group);
        }
        ArrayNode sizes = json.putArray("photo");
        sizes.addObject()
                .put("file_id", "AgACAgIAAx-" + id)
                .put("file_unique_id", "AQAD-" + id)
                .put("width", 1)
                .put("height", 1)
                .put("file_size", 68);
        t.store(chat.id(), id, json);
        t.photos.add(new FakeTelegram.Photo(chat.id(), id, thread, url, group));
        return json;
    }

    /** Null when the URL gives an image Telegram would take, else its error description. */
    private String fetch(String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return WRONG_ID;
        }
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("content-type").orElse("");
            boolean ok = response.statusCode() == 200
                    && type.startsWith("image/")
                    && response.body().length > 0
                    && response.body().length <= MAX_URL_PHOTO;
            return ok ? null : NOT_FETCHED;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return NOT_FETCHED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NOT_FETCHED;
        }
    }

    private interface Work<T> {
        T run() throws ApiError;
    }

    private <T> T locked(Work<T> work) throws ApiError {
        t.lock.lock();
        try {
            return work.run();
        } finally {
            t.lock.unlock();
        }
    }
}
