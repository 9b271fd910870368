package dev.cozebridge.fakes.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A strict, protocol-faithful Telegram Bot API server on 127.0.0.1 for tests (see
 * reference/platforms.md §3–4, media-and-interactions.md §2). Serves {@code /bot<token>/<method>} (methods
 * case-insensitive) for getMe, getUpdates (long polling with offset confirmation), sendMessage, editMessageText,
 * sendMessageDraft, sendChatAction, setMyCommands, deleteWebhook, getChatMember, getFile, editMessageReplyMarkup,
 * answerCallbackQuery, sendPhoto and sendMediaGroup (by URL, fetched by the fake), and the file route
 * {@code /file/bot<token>/<file_path>} (the cloud's 20 MB download limit enforced); inline keyboards on messages and
 * edits, and button presses delivered as {@code callback_query} updates ({@link #press}); rejects what Telegram
 * rejects with its error descriptions; enforces per-chat and global flood limits with real 429 answers; records
 * every call and the current state of every message the bot sent. Tests inject user messages with
 * {@link #userSays} and friends (photos, documents, voice notes through {@link #message}), albums with
 * {@link #album}, edits with {@link #userEdits}, and faults with {@link #inject429} and
 * {@link #injectEntityRejection}.
 */
public final class FakeTelegram implements AutoCloseable {

    /** {@code count} writes per sliding {@code window}. */
    public record Limit(int count, Duration window) {}

    /**
     * @param privateChat writes per private chat (Telegram: about 1 per second)
     * @param groupChat   writes per group (Telegram: 20 per minute)
     * @param global      writes across all chats (Telegram: about 30 per second)
     */
    public record Settings(
            String token,
            String botUsername,
            Limit privateChat,
            Limit groupChat,
            Limit global,
            Duration webhookRetry,
            Duration callbackDeadline) {
        /** @param callbackDeadline how late answerCallbackQuery may come (about 15 s observed, §2.5) */
        public static Settings defaults() {
            return new Settings(
                    "123456789:AAHfakeSecretToken-xyz",
                    "proto_bot",
                    new Limit(1, Duration.ofSeconds(1)),
                    new Limit(20, Duration.ofMinutes(1)),
                    new Limit(30, Duration.ofSeconds(1)),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(15));
        }

        public Settings withLimits(Limit privateChat, Limit groupChat, Limit global) {
            return new Settings(token, botUsername, privateChat, groupChat, global, webhookRetry, callbackDeadline);
        }

        /** How long a failed webhook delivery waits before the next try (Telegram: seconds to minutes). */
        public Settings withWebhookRetry(Duration retry) {
            return new Settings(token, botUsername, privateChat, groupChat, global, retry, callbackDeadline);
        }

        public long botId() {
            return Long.parseLong(token.substring(0, token.indexOf(':')));
        }
    }

    public record User(long id, String firstName, String lastName, String username, boolean bot) {
        public static User human(long id, String firstName, String username) {
            return new User(id, firstName, null, username, false);
        }
    }

    /** A chat; {@code type} is private, group or supergroup; forums are supergroups with topics. */
    public record Chat(long id, String type, String title, boolean forum, User peer) {
        public boolean isPrivate() {
            return type.equals("private");
        }
    }

    /**
     * One request as received: method (lower case), its parameters, when it was answered, the answer's status, and
     * {@link System#nanoTime()} when the fake's HTTP server handed the request over (its headers had arrived), for
     * timing the bridge at the socket.
     */
    public record Call(
            String method, JsonNode params, Instant at, int status, String description, long receivedNanos) {}

    /** One inline button: its text and callback data. */
    public record Button(String text, String data) {}

    /**
     * The current state of a message the bot sent. {@code versions} holds every text it had, oldest first;
     * {@code buttons} are its inline keyboard now, row by row flattened; {@code buttonVersions} the keyboard each
     * text version was sent with.
     */
    public record SentMessage(
            long chatId,
            int messageId,
            Integer threadId,
            Integer replyTo,
            String text,
            String parseMode,
            List<String> entityTypes,
            List<String> versions,
            List<Button> buttons,
            List<List<Button>> buttonVersions) {
        public int edits() {
            return versions.size() - 1;
        }
    }

    /** A photo the bot sent by URL; {@code mediaGroup} is set for album items. */
    public record Photo(long chatId, int messageId, Integer threadId, String url, String mediaGroup) {}

    /** A pressed button's query, and how the bot answered it. */
    static final class CallbackQuery {
        final String id;
        final long createdNanos = System.nanoTime();
        volatile boolean answered;
        volatile String answerText;
        volatile long answeredNanos;

        CallbackQuery(String id) {
            this.id = id;
        }
    }

    final ObjectMapper json = new ObjectMapper();
    final Settings settings;
    final ReentrantLock lock = new ReentrantLock();
    final Condition updatesArrived = lock.newCondition();
    final FloodControl flood;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    // All state below is guarded by lock.
    final Map<Long, Chat> chats = new HashMap<>();
    final Map<Long, User> users = new HashMap<>();
    final Map<Long, Set<Integer>> topics = new HashMap<>();
    final Map<Long, Map<Integer, ObjectNode>> messages = new HashMap<>();
    final Map<Long, Map<Integer, BotMessage>> botMessages = new LinkedHashMap<>();
    final Map<Long, Integer> lastMessageId = new HashMap<>();
    final TreeMap<Integer, ObjectNode> pending = new TreeMap<>();
    final List<ObjectNode> delivered = new ArrayList<>();
    final Map<Integer, Integer> deliveries = new HashMap<>();
    final Map<Long, Set<Long>> admins = new HashMap<>();
    final Map<Long, Long> creators = new HashMap<>();
    final Set<Long> blocked = new HashSet<>();
    final Map<Long, List<String>> drafts = new HashMap<>();
    final List<Call> calls = new ArrayList<>();
    final BotApiFiles files = new BotApiFiles(this);
    /** The command menus by language_code; "" is the menu for every other language. */
    final Map<String, JsonNode> commands = new HashMap<>();

    final Map<String, CallbackQuery> callbackQueries = new HashMap<>();
    final List<Photo> photos = new ArrayList<>();
    int nextCallbackId = 1;

    /** Groups that became supergroups: old id → new id. */
    final Map<Long, Long> upgradedTo = new HashMap<>();
    /** getMe's can_read_all_group_messages: false while privacy mode is on, as for every new bot. */
    boolean canReadAllGroupMessages;

    int nextUpdateId = 1;
    int pollGeneration;
    boolean webhookActive;
    /** The webhook set with setWebhook, or null (then updates wait for getUpdates). */
    Webhook webhook;
    /** Public URL prefix → the local instances it forwards to, in turn (a TLS-terminating reverse proxy). */
    final Map<String, List<String>> proxies = new HashMap<>();

    int proxyTurn;
    int duplicateDeliveries;
    final List<WebhookAttempt> webhookAttempts = new ArrayList<>();
    boolean closed;
    int pending429;
    final dev.cozebridge.fakes.InjectedFaults faults = new dev.cozebridge.fakes.InjectedFaults();
    int retryAfter429;
    int pendingEntityRejections;
    int served429;
    int waitingPolls;

    /** A webhook as setWebhook stored it. */
    public record Webhook(String url, String secret, List<String> allowedUpdates) {}

    /** One webhook POST and how it was answered (0: no answer). */
    public record WebhookAttempt(int updateId, String target, int status) {}

    /** Mutable state of one bot message. */
    static final class BotMessage {
        final long chatId;
        final int messageId;
        final Integer threadId;
        final Integer replyTo;
        final List<String> versions = new ArrayList<>();
        BotApiHtml.Parsed parsed;
        String parseMode;
        ObjectNode json;
        JsonNode markup;
        int markupEdits;
        final List<List<Button>> buttonVersions = new ArrayList<>();

        BotMessage(long chatId, int messageId, Integer threadId, Integer replyTo) {
            this.chatId = chatId;
            this.messageId = messageId;
            this.threadId = threadId;
            this.replyTo = replyTo;
        }
    }

    final java.util.concurrent.atomic.AtomicReference<Runnable> afterNextSend =
            new java.util.concurrent.atomic.AtomicReference<>();

    private FakeTelegram(Settings settings) throws IOException {
        this.settings = settings;
        this.flood = new FloodControl(settings.privateChat(), settings.groupChat(), settings.global());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new BotApiHandler(this));
        server.setExecutor(executor);
        server.start();
        executor.execute(new WebhookDelivery(this));
    }

    public static FakeTelegram start() {
        return start(Settings.defaults());
    }

    public static FakeTelegram start(Settings settings) {
        try {
            return new FakeTelegram(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value for {@code telegram.api_url}: {@code http://127.0.0.1:<port>}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String token() {
        return settings.token();
    }

    public User bot() {
        return new User(settings.botId(), "Proto", null, settings.botUsername(), true);
    }

    // ---- chats and users -------------------------------------------------------------------------------

    public Chat privateChat(User user) {
        return register(new Chat(user.id(), "private", null, false, user));
    }

    public Chat group(long id, String title) {
        return register(new Chat(id, "group", title, false, null));
    }

    public Chat supergroup(long id, String title) {
        return register(new Chat(id, "supergroup", title, false, null));
    }

    /** A channel: it posts in groups through {@code sender_chat} (signed posts, automatic forwards). */
    public Chat channel(long id, String title) {
        return register(new Chat(id, "channel", title, false, null));
    }

    /** The fake user Telegram shows as {@code from} of an anonymous administrator's message (§2.7). */
    public static User groupAnonymousBot() {
        return new User(1087968824L, "Group", null, "GroupAnonymousBot", true);
    }

    /** The fake user of a linked channel's automatic forwards into its discussion group (§2.7). */
    public static User telegramService() {
        return new User(777000L, "Telegram", null, null, false);
    }

    /** The fake user of messages a person posts as one of their channels (§2.7). */
    public static User channelBot() {
        return new User(136817688L, "Channel", null, "Channel_Bot", true);
    }

    /**
     * {@code by} upgrades {@code group} to a supergroup with the new id {@code supergroupId}, as Telegram does:
     * from now on every call to the old id fails with 400 "group chat was upgraded to a supergroup chat" and
     * {@code parameters.migrate_to_chat_id}. With {@code announce} the two service messages are queued: in the
     * old chat one with {@code migrate_to_chat_id}, in the new one one with {@code migrate_from_chat_id}. The bot's
     * messages stay in the old chat.
     */
    public Chat upgradeToSupergroup(Chat group, long supergroupId, User by, boolean announce) {
        if (!group.type().equals("group")) {
            throw new IllegalArgumentException("only basic groups are upgraded: " + group.id());
        }
        Chat supergroup = register(new Chat(supergroupId, "supergroup", group.title(), false, null));
        lock.lock();
        try {
            users.put(by.id(), by);
            upgradedTo.put(group.id(), supergroupId);
            if (announce) {
                int oldId = nextMessageId(group.id());
                ObjectNode left = baseMessage(group, by, oldId);
                left.put("migrate_to_chat_id", supergroupId);
                store(group.id(), oldId, left);
                enqueue(left);
                int newId = nextMessageId(supergroupId);
                ObjectNode arrived = baseMessage(supergroup, by, newId);
                arrived.put("migrate_from_chat_id", group.id());
                store(supergroupId, newId, arrived);
                enqueue(arrived);
            }
            return supergroup;
        } finally {
            lock.unlock();
        }
    }

    /** getMe's {@code can_read_all_group_messages}: true once privacy mode is disabled with BotFather. */
    public void canReadAllGroupMessages(boolean value) {
        locked(() -> {
            canReadAllGroupMessages = value;
        });
    }

    public Chat forum(long id, String title) {
        return register(new Chat(id, "supergroup", title, true, null));
    }

    private Chat register(Chat chat) {
        lock.lock();
        try {
            chats.put(chat.id(), chat);
            return chat;
        } finally {
            lock.unlock();
        }
    }

    /** Opens a forum topic the way Telegram does: a service message whose id becomes the topic id. */
    public int createTopic(Chat forum, String name, User creator) {
        if (!forum.forum()) {
            throw new IllegalArgumentException("not a forum: " + forum.id());
        }
        lock.lock();
        try {
            users.put(creator.id(), creator);
            int id = nextMessageId(forum.id());
            ObjectNode msg = baseMessage(forum, creator, id);
            msg.put("message_thread_id", id);
            msg.putObject("forum_topic_created").put("name", name).put("icon_color", 7322096);
            msg.put("is_topic_message", true);
            topics.computeIfAbsent(forum.id(), k -> new HashSet<>()).add(id);
            store(forum.id(), id, msg);
            enqueue(msg);
            return id;
        } finally {
            lock.unlock();
        }
    }

    /** Only these users are administrators of {@code chat} (getChatMember answers "administrator"). */
    public void setAdmins(Chat chat, User... users) {
        locked(() -> {
            Set<Long> ids = new HashSet<>();
            for (User u : users) {
                ids.add(u.id());
            }
            admins.put(chat.id(), ids);
        });
    }

    public void setCreator(Chat chat, User user) {
        locked(() -> {
            creators.put(chat.id(), user.id());
        });
    }

    /**
     * Someone (an administrator, the user in a private chat) deleted a message the bot sent: editing it answers 400
     * "message to edit not found", as Telegram does, while the chat stays writable.
     */
    public void deleteBotMessage(Chat chat, int messageId) {
        locked(() -> {
            Map<Integer, BotMessage> sent = botMessages.get(chat.id());
            if (sent != null) {
                sent.remove(messageId);
            }
            // gone for replies too; only a message that still exists but is not the bot's "can't be edited"
            Map<Integer, ObjectNode> all = messages.get(chat.id());
            if (all != null) {
                all.remove(messageId);
            }
        });
    }

    /**
     * Runs {@code action} once, inside the next sendMessage, after the message exists and before the bot hears its
     * id: e.g. to kill the bridge in the window where it has sent a message but not yet recorded it.
     */
    public void afterNextSend(Runnable action) {
        afterNextSend.set(action);
    }

    /** The user blocked the bot: every write to this private chat answers 403. */
    public void blockBot(Chat chat) {
        locked(() -> {
            blocked.add(chat.id());
        });
    }

    // ---- inbound traffic ---------------------------------------------------------------------------------

    /** A plain text message; entities for a leading /command and @mentions are added as Telegram does. */
    public int userSays(Chat chat, User from, String text) {
        return message(chat, from, text).send();
    }

    public int userSaysInTopic(Chat chat, int topicId, User from, String text) {
        return message(chat, from, text).inTopic(topicId).send();
    }

    public int userReplies(Chat chat, User from, int replyToMessageId, String text) {
        return message(chat, from, text).replyingTo(replyToMessageId).send();
    }

    /** A message to inject, with options (topic, reply, text mentions); {@link InjectedMessage#send()} queues it. */
    public InjectedMessage message(Chat chat, User from, String text) {
        return new InjectedMessage(this, chat, from, text);
    }

    /**
     * An album: one photo message per picture sharing a {@code media_group_id}, the caption on the first only, all
     * queued at once (so one getUpdates hands them out together, as Telegram usually does). Returns their ids.
     */
    public List<Integer> album(Chat chat, User from, String caption, byte[]... photos) {
        String group = Long.toString(13_000_000_000_000_000L + nextUpdateId);
        lock.lock();
        try {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < photos.length; i++) {
                ids.add(message(chat, from, i == 0 ? caption : "")
                        .photo(photos[i])
                        .inMediaGroup(group)
                        .send());
            }
            return ids;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The user edits their message: its text (or caption) becomes {@code newText}, {@code edit_date} is set, and an
     * {@code edited_message} update carries the new version (mentions and commands re-parsed).
     */
    public void userEdits(Chat chat, int messageId, String newText) {
        lock.lock();
        try {
            ObjectNode msg = messages.getOrDefault(chat.id(), Map.of()).get(messageId);
            if (msg == null) {
                throw new IllegalArgumentException("no message " + messageId + " in chat " + chat.id());
            }
            boolean media = !msg.has("text");
            String field = media ? "caption" : "text";
            msg.put(field, newText);
            msg.remove(media ? "caption_entities" : "entities");
            var entities = InjectedMessage.entities(this, newText, List.of());
            if (!entities.isEmpty()) {
                msg.set(media ? "caption_entities" : "entities", entities);
            }
            msg.put("edit_date", Instant.now().getEpochSecond());
            enqueue("edited_message", msg.deepCopy());
        } finally {
            lock.unlock();
        }
    }

    ObjectNode baseMessage(Chat chat, User from, int id) {
        ObjectNode msg = json.createObjectNode();
        msg.put("message_id", id);
        msg.set("from", userJson(from));
        msg.set("chat", chatJson(chat));
        msg.put("date", Instant.now().getEpochSecond());
        return msg;
    }

    ObjectNode userJson(User u) {
        ObjectNode n =
                json.createObjectNode().put("id", u.id()).put("is_bot", u.bot()).put("first_name", u.firstName());
        if (u.lastName() != null) {
            n.put("last_name", u.lastName());
        }
        if (u.username() != null) {
            n.put("username", u.username());
        }
        return n;
    }

    ObjectNode chatJson(Chat c) {
        ObjectNode n = json.createObjectNode().put("id", c.id()).put("type", c.type());
        if (c.isPrivate()) {
            n.put("first_name", c.peer().firstName());
            if (c.peer().username() != null) {
                n.put("username", c.peer().username());
            }
        } else {
            n.put("title", c.title());
            if (c.forum()) {
                n.put("is_forum", true);
            }
        }
        return n;
    }

    int nextMessageId(long chatId) {
        return lastMessageId.merge(chatId, 1, Integer::sum);
    }

    void store(long chatId, int id, ObjectNode msg) {
        messages.computeIfAbsent(chatId, k -> new HashMap<>()).put(id, msg);
    }

    void enqueue(ObjectNode message) {
        enqueue("message", message);
    }

    void enqueue(String kind, ObjectNode message) {
        ObjectNode update = json.createObjectNode().put("update_id", nextUpdateId++);
        update.set(kind, message);
        pending.put(update.get("update_id").asInt(), update);
        updatesArrived.signalAll();
    }

    /**
     * {@code from} presses the inline button with callback data {@code data} under the bot's message
     * {@code messageId}: a {@code callback_query} update, as Telegram delivers it. Returns the query id. A user can
     * only press a button the message shows, so anything else is a mistake in the test.
     */
    public String press(Chat chat, User from, int messageId, String data) {
        lock.lock();
        try {
            BotMessage m = botMessages.getOrDefault(chat.id(), Map.of()).get(messageId);
            if (m == null || buttons(m.markup).stream().noneMatch(b -> data.equals(b.data()))) {
                throw new IllegalArgumentException("message " + messageId + " shows no button " + data);
            }
            users.put(from.id(), from);
            String id = Long.toString(4_400_000_000_000_000L + nextCallbackId++);
            callbackQueries.put(id, new CallbackQuery(id));
            ObjectNode query = json.createObjectNode().put("id", id);
            query.set("from", userJson(from));
            query.set("message", m.json.deepCopy());
            query.put("chat_instance", Long.toString(chat.id() * 31));
            query.put("data", data);
            ObjectNode update = json.createObjectNode().put("update_id", nextUpdateId++);
            update.set("callback_query", query);
            pending.put(update.get("update_id").asInt(), update);
            updatesArrived.signalAll();
            return id;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the bot answered this callback query (in time; a late answer fails). */
    public boolean callbackAnswered(String queryId) {
        return locked(() -> {
            CallbackQuery q = callbackQueries.get(queryId);
            return q != null && q.answered;
        });
    }

    /** The text the bot answered a callback query with, or null when it answered without one (or not yet). */
    public String callbackAnswer(String queryId) {
        return locked(() -> {
            CallbackQuery q = callbackQueries.get(queryId);
            return q == null ? null : q.answerText;
        });
    }

    /** How long after the press the bot answered, or null while unanswered. */
    public Duration callbackDelay(String queryId) {
        return locked(() -> {
            CallbackQuery q = callbackQueries.get(queryId);
            return q == null || !q.answered ? null : Duration.ofNanos(q.answeredNanos - q.createdNanos);
        });
    }

    /** Photos the bot sent to this chat, oldest first. */
    public List<Photo> photos(Chat chat) {
        return locked(() -> photos.stream().filter(p -> p.chatId() == chat.id()).toList());
    }

    /** The buttons of an inline keyboard, row by row. */
    static List<Button> buttons(JsonNode markup) {
        List<Button> all = new ArrayList<>();
        if (markup != null) {
            for (JsonNode row : markup.path("inline_keyboard")) {
                for (JsonNode b : row) {
                    all.add(new Button(
                            b.path("text").asText(), b.path("callback_data").asText(null)));
                }
            }
        }
        return all;
    }

    // ---- faults ----------------------------------------------------------------------------------------

    /**
     * From now on, a local Bot API server ({@code --local}) working in {@code dir}: no 20 MB download limit, getFile
     * answers an absolute path under {@code dir/<token>/}. With {@code webServerInFront} false the file is written
     * there (a folder shared with the bridge) and the file route serves nothing, as the real server; with true
     * nothing is written and the file route serves the path relative to the token's folder (a static web server in
     * front, media-and-interactions §2.3).
     */
    public void runAsLocalServer(Path dir, boolean webServerInFront) {
        locked(() -> files.local(dir, webServerInFront));
    }

    /** The next {@code n} requests to the file route lose their connection before any answer. */
    public void dropFileDownloads(int n) {
        locked(() -> {
            files.droppedDownloads = n;
        });
    }

    /** The next {@code n} writes (send, edit, draft) are answered 429 with {@code retryAfterSeconds}. */
    public void inject429(int n, int retryAfterSeconds) {
        locked(() -> {
            pending429 = n;
            retryAfter429 = retryAfterSeconds;
        });
    }

    /** The next {@code n} writes (send, edit) are answered 502 "Bad Gateway" without being done. */
    public void injectServerErrors(int n) {
        faults.serverErrors(n);
    }

    /** The next {@code n} writes (send, edit) lose their connection before they are done. */
    public void injectResets(int n) {
        faults.resets(n);
    }

    public dev.cozebridge.fakes.InjectedFaults faults() {
        return faults;
    }

    /** The next {@code n} writes that use a parse_mode are answered "can't parse entities". */
    public void injectEntityRejection(int n) {
        locked(() -> {
            pendingEntityRejections = n;
        });
    }

    /**
     * As if the bot's confirmation (the next getUpdates offset) had been lost: every update delivered so far is
     * offered again, so a bot that trusts only its in-memory offset answers them twice.
     */
    public void redeliverConfirmedUpdates() {
        locked(() -> {
            for (ObjectNode u : delivered) {
                pending.put(u.get("update_id").asInt(), u);
            }
            updatesArrived.signalAll();
        });
    }

    // ---- webhooks --------------------------------------------------------------------------------------

    /**
     * The reverse proxy in front of the bridge: deliveries to URLs starting with {@code publicPrefix} (e.g.
     * {@code https://bridge.example.com}) go to the given local base URLs in turn, path kept, over plain HTTP.
     */
    public void reverseProxy(String publicPrefix, String... localBaseUrls) {
        locked(() -> {
            proxies.put(publicPrefix, List.of(localBaseUrls));
            updatesArrived.signalAll();
        });
    }

    /** The next {@code n} updates are delivered twice, as when the bridge's 2xx reached Telegram too late. */
    public void deliverTwice(int n) {
        locked(() -> {
            duplicateDeliveries = n;
        });
    }

    /** The webhook set with setWebhook, or null. */
    public Webhook webhook() {
        return locked(() -> webhook);
    }

    /** Every webhook POST the fake made, with the status it got (0: no answer). */
    public List<WebhookAttempt> webhookAttempts() {
        return locked(() -> List.copyOf(webhookAttempts));
    }

    /** The local URL a webhook delivery to {@code url} reaches through the reverse proxy, or null. */
    String proxyTarget(String url) {
        for (Map.Entry<String, List<String>> proxy : proxies.entrySet()) {
            if (url.startsWith(proxy.getKey())) {
                List<String> instances = proxy.getValue();
                String base = instances.get(Math.floorMod(proxyTurn++, instances.size()));
                return base + url.substring(proxy.getKey().length());
            }
        }
        return null;
    }

    // ---- what happened ----------------------------------------------------------------------------------

    public List<Call> calls() {
        return locked(() -> List.copyOf(calls));
    }

    /** Calls of one method (case-insensitive). */
    public List<Call> calls(String method) {
        String m = method.toLowerCase(java.util.Locale.ROOT);
        return calls().stream().filter(c -> c.method().equals(m)).toList();
    }

    /** Messages the bot sent to this chat, oldest first, in their current state. */
    public List<SentMessage> sent(Chat chat) {
        return locked(() -> botMessages.getOrDefault(chat.id(), Map.of()).values().stream()
                .map(FakeTelegram::snapshot)
                .toList());
    }

    /** Texts of every draft shown in this chat, oldest first. */
    public List<String> drafts(Chat chat) {
        return locked(() -> List.copyOf(drafts.getOrDefault(chat.id(), List.of())));
    }

    /** The file paths the bot downloaded from the file route, in order. */
    public List<String> downloads() {
        return locked(() -> List.copyOf(files.downloads));
    }

    public int served429() {
        return locked(() -> served429);
    }

    /** How many times each update id was handed out by getUpdates. */
    public Map<Integer, Integer> deliveries() {
        return locked(() -> Map.copyOf(deliveries));
    }

    /** getUpdates requests currently held open waiting for updates. */
    public int waitingPolls() {
        return locked(() -> waitingPolls);
    }

    /** Updates not yet confirmed by an offset. */
    public int pendingUpdates() {
        return locked(() -> pending.size());
    }

    /** The command menu for users without a language of their own (setMyCommands without language_code). */
    public JsonNode registeredCommands() {
        return registeredCommands("");
    }

    /** The command menu registered for {@code languageCode} (two letters), or null. */
    public JsonNode registeredCommands(String languageCode) {
        return locked(() -> commands.get(languageCode));
    }

    private static SentMessage snapshot(BotMessage m) {
        return new SentMessage(
                m.chatId,
                m.messageId,
                m.threadId,
                m.replyTo,
                m.parsed.text(),
                m.parseMode,
                m.parsed.entities().stream().map(BotApiHtml.Entity::type).toList(),
                List.copyOf(m.versions),
                buttons(m.markup),
                List.copyOf(m.buttonVersions));
    }

    private <T> T locked(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private void locked(Runnable change) {
        lock.lock();
        try {
            change.run();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        locked(() -> {
            closed = true;
            updatesArrived.signalAll();
        });
        server.stop(0);
        executor.shutdownNow();
    }
}
