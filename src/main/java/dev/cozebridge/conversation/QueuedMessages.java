package dev.cozebridge.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.Quote;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.ShortcutCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link InboundMessage} as the durable queue keeps it: JSON written field by field, so a message queued by
 * one version is read by the next (new fields get defaults) and nothing but the core's own record is stored.
 */
final class QueuedMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private QueuedMessages() {}

    static String write(InboundMessage m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", VERSION);
        root.put("bot", m.key().bot());
        root.put("platform", m.key().platform());
        root.put("scope", m.key().scope());
        root.put("id", m.platformMessageId());
        root.put("author_id", m.author().id());
        root.put("author_name", m.author().displayName());
        root.put("text", m.text());
        ObjectNode target = root.putObject("target");
        ReplyTarget t = m.replyTarget();
        target.put("channel", t.channelId());
        target.put("thread", t.threadId());
        target.put("reply_to", t.replyToMessageId());
        target.put("handle", t.handle());
        target.put("private", t.privateChat());
        root.put("multi_user", m.multiUser());
        root.put("received_at", m.receivedAt() == null ? null : m.receivedAt().toString());
        ArrayNode places = root.putArray("places");
        m.places().forEach(places::add);
        writeFiles(root.putArray("attachments"), m.attachments());
        if (m.quote() != null) {
            ObjectNode quote = root.putObject("quote");
            quote.put("author", m.quote().author());
            quote.put("text", m.quote().text());
            writeFiles(quote.putArray("images"), m.quote().images());
        }
        root.put("edited", m.edited());
        if (m.shortcut() != null) {
            ObjectNode shortcut = root.putObject("shortcut");
            shortcut.put("command_id", m.shortcut().commandId());
            ObjectNode parameters = shortcut.putObject("parameters");
            m.shortcut().parameters().forEach(parameters::put);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message could not be written as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the payload is not a message this version can read */
    static InboundMessage read(String payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the queued message is not readable JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || root.path("v").asInt(0) != VERSION) {
            throw new IllegalArgumentException("the queued message has an unknown format");
        }
        JsonNode target = root.path("target");
        List<String> places = new ArrayList<>();
        root.path("places").forEach(p -> places.add(p.asText()));
        Quote quote = null;
        if (root.hasNonNull("quote")) {
            JsonNode q = root.path("quote");
            quote = new Quote(text(q, "author"), text(q, "text"), readFiles(q.path("images")));
        }
        ShortcutCall shortcut = null;
        if (root.hasNonNull("shortcut")) {
            JsonNode s = root.path("shortcut");
            Map<String, String> parameters = new LinkedHashMap<>();
            s.path("parameters")
                    .fields()
                    .forEachRemaining(
                            e -> parameters.put(e.getKey(), e.getValue().asText()));
            shortcut = new ShortcutCall(text(s, "command_id"), parameters);
        }
        String received = text(root, "received_at");
        return new InboundMessage(
                new ConversationKey(text(root, "bot"), text(root, "platform"), text(root, "scope")),
                text(root, "id"),
                new Author(text(root, "author_id"), text(root, "author_name")),
                text(root, "text"),
                new ReplyTarget(
                        text(target, "channel"),
                        text(target, "thread"),
                        text(target, "reply_to"),
                        text(target, "handle"),
                        target.path("private").asBoolean(false)),
                root.path("multi_user").asBoolean(false),
                received == null ? null : Instant.parse(received),
                places,
                readFiles(root.path("attachments")),
                quote,
                root.path("edited").asBoolean(false),
                shortcut);
    }

    private static void writeFiles(ArrayNode into, List<Attachment> files) {
        for (Attachment a : files) {
            ObjectNode file = into.addObject();
            file.put("kind", a.kind().name());
            file.put("name", a.name());
            file.put("media_type", a.mediaType());
            file.put("size", a.size());
            file.put("ref", a.ref());
        }
    }

    private static List<Attachment> readFiles(JsonNode array) {
        List<Attachment> files = new ArrayList<>();
        for (JsonNode f : array) {
            files.add(new Attachment(
                    Attachment.Kind.valueOf(text(f, "kind")),
                    text(f, "name"),
                    text(f, "media_type"),
                    f.path("size").asLong(-1),
                    text(f, "ref")));
        }
        return files;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
