package dev.cozebridge.fakes.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One user message to inject into a {@link FakeTelegram}, built fluently; {@link #send()} queues its update. With a
 * photo, document, voice note, audio, video or video note the text becomes the caption (absent when empty), as in
 * the Bot API (media-and-interactions §2.1).
 */
public final class InjectedMessage {

    private static final Pattern COMMAND = Pattern.compile("^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?");
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_])@[A-Za-z0-9_]{5,32}");

    private final FakeTelegram fake;
    private final FakeTelegram.Chat chat;
    private final FakeTelegram.User from;
    private final String text;
    private Integer topicId;
    private Integer replyTo;
    private FakeTelegram.Chat replyChat;
    private String quote;
    private String mediaGroup;
    private FakeTelegram.Chat senderChat;
    private boolean automaticForward;
    private String signature;
    private final List<ObjectNode> extraEntities = new ArrayList<>();
    /** The media field (photo, document, ...) and how its JSON is built once its files are registered. */
    private String mediaField;

    private Function<BotApiFiles, JsonNode> media;

    InjectedMessage(FakeTelegram fake, FakeTelegram.Chat chat, FakeTelegram.User from, String text) {
        this.fake = fake;
        this.chat = Objects.requireNonNull(chat);
        this.from = Objects.requireNonNull(from);
        this.text = Objects.requireNonNull(text);
    }

    public InjectedMessage inTopic(int topicId) {
        this.topicId = topicId;
        return this;
    }

    public InjectedMessage replyingTo(int messageId) {
        this.replyTo = messageId;
        return this;
    }

    /**
     * A reply to a message of another chat ({@code external_reply}, Bot API 7.0): Telegram gives its origin, chat,
     * id and media, but not its text; only a {@link #quoting quote} carries words from it.
     */
    public InjectedMessage replyingElsewhere(FakeTelegram.Chat otherChat, int messageId) {
        this.replyChat = Objects.requireNonNull(otherChat);
        this.replyTo = messageId;
        return this;
    }

    /** The user quoted {@code part} of the replied message (Telegram's {@code quote}; it must be a substring). */
    public InjectedMessage quoting(String part) {
        this.quote = part;
        return this;
    }

    /**
     * Sent on behalf of a chat (§2.7): the group itself for an anonymous administrator (then {@code from} is
     * {@link FakeTelegram#groupAnonymousBot()}), or a channel the sender posts as.
     */
    public InjectedMessage onBehalfOf(FakeTelegram.Chat chat) {
        this.senderChat = chat;
        return this;
    }

    /** A linked channel's post forwarded into its discussion group by Telegram ({@code is_automatic_forward}). */
    public InjectedMessage automaticForward() {
        this.automaticForward = true;
        return this;
    }

    /** An anonymous administrator's custom title ({@code author_signature}). */
    public InjectedMessage signedBy(String title) {
        this.signature = title;
        return this;
    }

    InjectedMessage inMediaGroup(String groupId) {
        this.mediaGroup = groupId;
        return this;
    }

    /** A photo: Telegram offers it in sizes; the last, largest one holds {@code bytes}, a small thumbnail the rest. */
    public InjectedMessage photo(byte[] bytes) {
        return media("photo", files -> {
            byte[] thumb = Arrays.copyOf(bytes, Math.max(1, bytes.length / 8));
            ArrayNode sizes = fake.json.createArrayNode();
            sizes.add(files.fileJson(files.register("photos", "jpg", thumb))
                    .put("width", 90)
                    .put("height", 67));
            sizes.add(files.fileJson(files.register("photos", "jpg", bytes))
                    .put("width", 1280)
                    .put("height", 960));
            return sizes;
        });
    }

    public InjectedMessage document(String fileName, String mimeType, byte[] bytes) {
        String extension = fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1) : "bin";
        return media(
                "document",
                files -> files.fileJson(files.register("documents", extension, bytes))
                        .put("file_name", fileName)
                        .put("mime_type", mimeType));
    }

    /** A voice note: OGG/Opus, served as {@code voice/file_N.oga}. */
    public InjectedMessage voice(byte[] bytes, int seconds) {
        return media(
                "voice",
                files -> files.fileJson(files.register("voice", "oga", bytes))
                        .put("duration", seconds)
                        .put("mime_type", "audio/ogg"));
    }

    public InjectedMessage audio(String fileName, byte[] bytes, int seconds) {
        return media(
                "audio",
                files -> files.fileJson(files.register("music", "mp3", bytes))
                        .put("duration", seconds)
                        .put("file_name", fileName)
                        .put("mime_type", "audio/mpeg"));
    }

    public InjectedMessage video(String fileName, byte[] bytes) {
        return media(
                "video",
                files -> files.fileJson(files.register("videos", "mp4", bytes))
                        .put("width", 640)
                        .put("height", 360)
                        .put("duration", 5)
                        .put("file_name", fileName)
                        .put("mime_type", "video/mp4"));
    }

    public InjectedMessage videoNote(byte[] bytes) {
        return media(
                "video_note",
                files -> files.fileJson(files.register("video_notes", "mp4", bytes))
                        .put("length", 240)
                        .put("duration", 4));
    }

    /**
     * A sticker (a regular WebP one), {@code emoji} its emoji or null; a sticker message has no caption, so the
     * message's text must be empty.
     */
    public InjectedMessage sticker(String emoji, byte[] bytes) {
        return captionless("sticker", files -> {
            ObjectNode sticker = files.fileJson(files.register("stickers", "webp", bytes))
                    .put("type", "regular")
                    .put("width", 512)
                    .put("height", 512)
                    .put("is_animated", false)
                    .put("is_video", false);
            if (emoji != null) {
                sticker.put("emoji", emoji);
            }
            return sticker;
        });
    }

    /** A shared location (no caption, like a sticker). */
    public InjectedMessage location(double latitude, double longitude) {
        return captionless(
                "location",
                files -> fake.json.createObjectNode().put("latitude", latitude).put("longitude", longitude));
    }

    private InjectedMessage captionless(String field, Function<BotApiFiles, JsonNode> json) {
        if (!text.isEmpty()) {
            throw new IllegalArgumentException("a " + field + " message has no text or caption");
        }
        return media(field, json);
    }

    private InjectedMessage media(String field, Function<BotApiFiles, JsonNode> json) {
        if (mediaField != null) {
            throw new IllegalStateException("a message carries one media item; use album(...) for several");
        }
        this.mediaField = field;
        this.media = json;
        return this;
    }

    /** Marks {@code visible} (its first occurrence) as a text_mention of {@code user}. */
    public InjectedMessage textMention(String visible, FakeTelegram.User user) {
        int at = text.indexOf(visible);
        if (at < 0) {
            throw new IllegalArgumentException("not in text: " + visible);
        }
        ObjectNode e = fake.json
                .createObjectNode()
                .put("type", "text_mention")
                .put("offset", at)
                .put("length", visible.length());
        e.set("user", fake.userJson(user));
        extraEntities.add(e);
        return this;
    }

    /** Queues the update and returns the new message's id. */
    public int send() {
        fake.lock.lock();
        try {
            fake.chats.putIfAbsent(chat.id(), chat);
            fake.users.put(from.id(), from);
            int id = fake.nextMessageId(chat.id());
            if (fake.upgradedTo.containsKey(chat.id())) {
                throw new IllegalStateException("chat " + chat.id() + " is a supergroup now");
            }
            ObjectNode msg = fake.baseMessage(chat, from, id);
            if (senderChat != null) {
                msg.set("sender_chat", fake.chatJson(senderChat));
            }
            if (automaticForward) {
                msg.put("is_automatic_forward", true);
            }
            if (signature != null) {
                msg.put("author_signature", signature);
            }
            if (topicId != null) {
                if (!fake.topics.getOrDefault(chat.id(), Set.of()).contains(topicId)) {
                    throw new IllegalArgumentException("no topic " + topicId + " in chat " + chat.id());
                }
                msg.put("message_thread_id", topicId);
                msg.put("is_topic_message", true);
            }
            if (replyChat != null) {
                ObjectNode target =
                        fake.messages.getOrDefault(replyChat.id(), Map.of()).get(replyTo);
                if (target == null) {
                    throw new IllegalArgumentException("no message " + replyTo + " in chat " + replyChat.id());
                }
                ObjectNode external = msg.putObject("external_reply");
                if (target.has("sender_chat") && "channel".equals(replyChat.type())) {
                    external.putObject("origin")
                            .put("type", "channel")
                            .put("date", target.path("date").asLong())
                            .put("message_id", replyTo)
                            .set("chat", target.get("sender_chat"));
                } else {
                    external.putObject("origin")
                            .put("type", "user")
                            .put("date", target.path("date").asLong())
                            .set("sender_user", target.get("from"));
                }
                external.set("chat", fake.chatJson(replyChat));
                external.put("message_id", replyTo);
                // the media fields come along, the text and caption do not
                for (String field : List.of("photo", "document", "voice", "audio", "video", "video_note", "sticker")) {
                    if (target.has(field)) {
                        external.set(field, target.get(field).deepCopy());
                    }
                }
                if (quote != null) {
                    putQuote(msg, target);
                }
            }
            // a reply elsewhere is no reply_to_message here (nor the topic's implicit one)
            Integer replied = replyChat != null ? null : replyTo != null ? replyTo : topicId;
            if (replied != null) {
                ObjectNode target =
                        fake.messages.getOrDefault(chat.id(), Map.of()).get(replied);
                if (target == null) {
                    throw new IllegalArgumentException("no message " + replied + " in chat " + chat.id());
                }
                ObjectNode copy = target.deepCopy();
                copy.remove("reply_to_message");
                msg.set("reply_to_message", copy);
                if (quote != null) {
                    putQuote(msg, target);
                }
            } else if (quote != null && replyChat == null) {
                throw new IllegalArgumentException("a quote needs replyingTo(...) or replyingElsewhere(...)");
            }
            ArrayNode entities = entities(fake, text, extraEntities);
            if (mediaField == null) {
                msg.put("text", text);
                if (!entities.isEmpty()) {
                    msg.set("entities", entities);
                }
            } else {
                msg.set(mediaField, media.apply(fake.files));
                if (!text.isEmpty()) {
                    msg.put("caption", text);
                    if (!entities.isEmpty()) {
                        msg.set("caption_entities", entities);
                    }
                }
                if (mediaGroup != null) {
                    msg.put("media_group_id", mediaGroup);
                }
            }
            fake.store(chat.id(), id, msg);
            fake.enqueue(msg);
            return id;
        } finally {
            fake.lock.unlock();
        }
    }

    private void putQuote(ObjectNode msg, ObjectNode target) {
        String whole = target.has("text")
                ? target.get("text").asText()
                : target.path("caption").asText("");
        int at = whole.indexOf(quote);
        if (at < 0) {
            throw new IllegalArgumentException("a quote must be part of the replied message: " + quote);
        }
        msg.putObject("quote").put("text", quote).put("position", at).put("is_manual", true);
    }

    /** The entities Telegram derives from a text: a leading /command and every @mention, plus {@code extra}. */
    static ArrayNode entities(FakeTelegram fake, String text, List<ObjectNode> extra) {
        ArrayNode entities = fake.json.createArrayNode();
        Matcher command = COMMAND.matcher(text);
        if (command.find()) {
            entities.addObject().put("type", "bot_command").put("offset", 0).put("length", command.end());
        }
        Matcher mention = MENTION.matcher(text);
        while (mention.find()) {
            entities.addObject()
                    .put("type", "mention")
                    .put("offset", mention.start())
                    .put("length", mention.end() - mention.start());
        }
        extra.forEach(entities::add);
        return entities;
    }
}
