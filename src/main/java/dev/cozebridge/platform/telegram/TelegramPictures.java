package dev.cozebridge.platform.telegram;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.Picture;
import dev.cozebridge.platform.PlatformException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * An answer's pictures by URL: one with sendPhoto, several as albums of up to ten with sendMediaGroup (media-and-
 * interactions §2.4); Telegram fetches each URL itself. TelegramBots sends its own SendPhoto and SendMediaGroup as
 * multipart uploads even for a URL, which this bridge has not verified on OkHttp 5, so these two requests are plain
 * JSON methods of our own. An album Telegram refuses is retried picture by picture to find the ones it cannot take.
 * Flood control is waited out here, so a picture is never sent twice.
 */
final class TelegramPictures {

    private static final Logger log = LoggerFactory.getLogger(TelegramPictures.class);
    private static final int ALBUM = 10;
    private static final int ATTEMPTS = 3;

    private final TelegramClient client;
    private final TelegramPacing pacing;
    private final TelegramFailures failures;
    private final String bot;
    private final TelegramMigrations migrations;

    TelegramPictures(
            TelegramClient client,
            TelegramPacing pacing,
            TelegramFailures failures,
            String bot,
            TelegramMigrations migrations) {
        this.client = client;
        this.pacing = pacing;
        this.failures = failures;
        this.bot = bot;
        this.migrations = migrations;
    }

    /** Sends the pictures; returns the URLs Telegram refused. A group that became a supergroup gets them there. */
    List<String> send(ReplyTarget target, List<Picture> pictures) {
        long asked = TelegramOutbound.chatId(target.channelId());
        long chatId = migrations.current(asked);
        Integer thread = target.threadId() == null || chatId != asked ? null : Integer.valueOf(target.threadId());
        try {
            return send(chatId, thread, pictures);
        } catch (ChatUpgraded upgraded) {
            return send(upgraded.to, null, pictures);
        }
    }

    private List<String> send(long chatId, Integer thread, List<Picture> pictures) {
        List<String> refused = new ArrayList<>();
        for (int from = 0; from < pictures.size(); from += ALBUM) {
            List<Picture> part = pictures.subList(from, Math.min(pictures.size(), from + ALBUM));
            if (part.size() > 1 && execute(new SendAlbumByUrl(chatId, thread, part), chatId)) {
                continue;
            }
            for (Picture picture : part) {
                if (!execute(new SendPhotoByUrl(chatId, thread, picture.url()), chatId)) {
                    refused.add(picture.url());
                }
            }
        }
        return refused;
    }

    /** True when Telegram took it; false when it refused; throws when the chat is gone. */
    private boolean execute(BotApiMethod<?> method, long chatId) {
        for (int attempt = 1; ; attempt++) {
            try (WriteLimiter.Permit ignored = pacing.acquire(chatId)) {
                client.execute(method);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw PlatformException.failed("Telegram " + method.getMethod() + " interrupted", null);
            } catch (TelegramApiException e) {
                if (TelegramFailures.interrupted(e)) {
                    Thread.currentThread().interrupt();
                    throw PlatformException.failed("Telegram " + method.getMethod() + " interrupted", null);
                }
                TelegramFailures.Answer answer = TelegramFailures.answer(e);
                if (answer != null && answer.migrateTo() != null) {
                    migrations.upgraded(chatId, answer.migrateTo());
                    throw new ChatUpgraded(chatId, answer.migrateTo());
                }
                PlatformException mapped = failures.toPlatform(e, method.getMethod());
                switch (mapped.kind()) {
                    case RATE_LIMITED -> {
                        pacing.pause(chatId, mapped.retryAfter());
                        if (attempt >= ATTEMPTS) {
                            return false;
                        }
                    }
                    case GONE -> throw mapped;
                    default -> {
                        log.info(
                                "Telegram refused {} for bot {} in chat {}: {}",
                                method.getMethod(),
                                bot,
                                chatId,
                                mapped.getMessage());
                        return false;
                    }
                }
            }
        }
    }

    /** {@code sendPhoto} with the photo as a URL string, sent as JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class SendPhotoByUrl extends BotApiMethod<Message> {
        @JsonProperty("chat_id")
        private final long chatId;

        @JsonProperty("message_thread_id")
        private final Integer threadId;

        @JsonProperty("photo")
        private final String photo;

        SendPhotoByUrl(long chatId, Integer threadId, String photo) {
            this.chatId = chatId;
            this.threadId = threadId;
            this.photo = photo;
        }

        @Override
        public String getMethod() {
            return "sendPhoto";
        }

        @Override
        public Message deserializeResponse(String answer) throws TelegramApiRequestException {
            return deserializeResponse(answer, Message.class);
        }

        @Override
        public void validate() {
            // Telegram itself judges the URL; a refusal comes back as its error answer
        }
    }

    /** {@code sendMediaGroup} of photos by URL, sent as JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class SendAlbumByUrl extends BotApiMethod<ArrayList<Message>> {
        @JsonProperty("chat_id")
        private final long chatId;

        @JsonProperty("message_thread_id")
        private final Integer threadId;

        @JsonProperty("media")
        private final List<Media> media;

        SendAlbumByUrl(long chatId, Integer threadId, List<Picture> pictures) {
            this.chatId = chatId;
            this.threadId = threadId;
            this.media = pictures.stream().map(p -> new Media("photo", p.url())).toList();
        }

        @Override
        public String getMethod() {
            return "sendMediaGroup";
        }

        @Override
        public ArrayList<Message> deserializeResponse(String answer) throws TelegramApiRequestException {
            return deserializeResponseArray(answer, Message.class);
        }

        @Override
        public void validate() {
            // two to ten photos by construction; Telegram judges the URLs
        }

        /** One InputMediaPhoto. */
        record Media(
                @JsonProperty("type") String type,
                @JsonProperty("media") String media) implements Serializable {}
    }
}
