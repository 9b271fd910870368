package dev.cozebridge.fakes.telegram;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One user message to inject into a {@link FakeTelegram}, built fluently; {@link #send()} queues its update. */
public final class InjectedMessage {

    private static final Pattern COMMAND = Pattern.compile("^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?");
    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_])@[A-Za-z0-9_]{5,32}");

    private final FakeTelegram fake;
    private final FakeTelegram.Chat chat;
    private final FakeTelegram.User from;
    private final String text;
    private Integer topicId;
    private Integer replyTo;
    private final List<ObjectNode> extraEntities = new ArrayList<>();

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
            ObjectNode msg = fake.baseMessage(chat, from, id);
            if (topicId != null) {
                if (!fake.topics.getOrDefault(chat.id(), Set.of()).contains(topicId)) {
                    throw new IllegalArgumentException("no topic " + topicId + " in chat " + chat.id());
                }
                msg.put("message_thread_id", topicId);
                msg.put("is_topic_message", true);
            }
            Integer replied = replyTo != null ? replyTo : topicId;
            if (replied != null) {
                ObjectNode target =
                        fake.messages.getOrDefault(chat.id(), Map.of()).get(replied);
                if (target == null) {
                    throw new IllegalArgumentException("no message " + replied + " in chat " + chat.id());
                }
                ObjectNode copy = target.deepCopy();
                copy.remove("reply_to_message");
                msg.set("reply_to_message", copy);
            }
            msg.put("text", text);
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
            extraEntities.forEach(entities::add);
            if (!entities.isEmpty()) {
                msg.set("entities", entities);
            }
            fake.store(chat.id(), id, msg);
            fake.enqueue(msg);
            return id;
        } finally {
            fake.lock.unlock();
        }
    }
}
