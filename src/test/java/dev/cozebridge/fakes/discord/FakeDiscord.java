package dev.cozebridge.fakes.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A strict fake Discord for end-to-end tests of the real JDA: REST v10 at {@link #apiUrl()} and the gateway at
 * {@link #gatewayUrl()}. A guild with {@code #general} and {@code #random}, users {@link #alice()},
 * {@link #bob()}, a {@link #moderator()} (Manage Messages) and {@link #otherBot()}; all of them are also in a
 * {@linkplain #secondGuildId() second guild} with its own {@link #secondGeneral()}. With two shards the first
 * guild's events go to shard 0 and the second's to shard 1 ({@link #recommendShards}). Tests act as users through
 * {@link #post}, {@link #reply}, {@link #dm}, {@link #slash}, and read what the bot did through {@link #calls()}
 * and {@link #text}.
 */
public final class FakeDiscord implements AutoCloseable {
    private final FakeDiscordSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final FakeDiscordState state = new FakeDiscordState();
    private final FakeDiscordPayloads payloads = new FakeDiscordPayloads(state, json);
    private final FakeRateLimiter limiter = new FakeRateLimiter();
    private final FakeDiscordGateway gateway;
    private final FakeDiscordRest rest;

    private FakeDiscord(FakeDiscordSettings settings) {
        this.settings = settings;
        this.gateway = new FakeDiscordGateway(settings, state, payloads, json);
        gateway.startAndWait();
        this.rest = new FakeDiscordRest(
                settings,
                json,
                limiter,
                new FakeDiscordRoutes(settings, state, payloads, gateway, json).routes(),
                state.cdn);
    }

    public static FakeDiscord start() {
        return start(FakeDiscordSettings.defaults());
    }

    public static FakeDiscord start(FakeDiscordSettings settings) {
        return new FakeDiscord(settings);
    }

    public FakeDiscordSettings settings() {
        return settings;
    }

    public String apiUrl() {
        return rest.baseUrl();
    }

    public String gatewayUrl() {
        return gateway.url();
    }

    public String token() {
        return settings.token();
    }

    public FakeUser bot() {
        return state.bot;
    }

    public FakeUser alice() {
        return state.alice;
    }

    public FakeUser bob() {
        return state.bob;
    }

    public FakeUser moderator() {
        return state.moderator;
    }

    public FakeUser otherBot() {
        return state.otherBot;
    }

    public String guildId() {
        return state.guildId;
    }

    public String general() {
        return state.general;
    }

    public String random() {
        return state.random;
    }

    /** The second guild: on shard 1 of 2, where the first guild is on shard 0. */
    public String secondGuildId() {
        return state.second.id();
    }

    /** The text channel {@code #general} of the second guild. */
    public String secondGeneral() {
        return state.secondGeneral;
    }

    /** The shard that receives the events of {@code guildId} out of {@code total}, by Discord's formula. */
    public static int shardOf(String guildId, int total) {
        return Snowflakes.shardOf(guildId, total);
    }

    /** The shard count {@code GET /gateway/bot} recommends (1 unless a test sets more). */
    public void recommendShards(int shards) {
        gateway.shards().recommend(shards);
    }

    /** {@code session_start_limit.max_concurrency} in {@code GET /gateway/bot}: IDENTIFYs allowed per 5 s. */
    public void maxConcurrency(int identifies) {
        gateway.shards().maxConcurrency(identifies);
    }

    /** Makes {@code GET /gateway/bot} name another gateway URL than the fake's own. */
    public void advertiseGateway(String url) {
        gateway.shards().advertise(url);
    }

    /** When each IDENTIFY of {@link #identifiedShards()} arrived, in {@link System#nanoTime()}. */
    public List<Long> identifiedNanos() {
        return gateway.shards().identifiedNanos();
    }

    /** Sessions that identify as shard {@code id} stay without READY (a stalled shard). */
    public void withholdReady(int id) {
        gateway.shards().withholdReady(id);
    }

    /** The {@code shard} of every IDENTIFY, as {@code [id, total]} (empty when it was not two numbers). */
    public List<List<Integer>> identifiedShards() {
        return gateway.shards().identified();
    }

    /** The DM channel between the bot and {@code user}. */
    public String dmChannel(FakeUser user) {
        return state.dmChannel(user);
    }

    /**
     * {@code author} writes {@code content} in a channel, thread or DM, with {@code files} attached (served by the
     * CDN under signed URLs); mentions are parsed from the text.
     */
    public String post(FakeUser author, String channelId, String content, FakeAttachment... files) {
        return deliver(author, channelId, content, null, true, files);
    }

    /** {@code author} replies to a message; {@code ping} is Discord's "@ mention on" toggle of a reply. */
    public String reply(
            FakeUser author,
            String channelId,
            String messageId,
            String content,
            boolean ping,
            FakeAttachment... files) {
        return deliver(author, channelId, content, messageId, ping, files);
    }

    /**
     * The author edits their message: its content changes, {@code edited_timestamp} is set and MESSAGE_UPDATE
     * carries the whole new version, as Discord sends it.
     */
    public void edit(String messageId, String newContent) {
        FakeDiscordState.Message message = state.messages.get(messageId);
        if (message == null || message.author.bot()) {
            throw new IllegalArgumentException("no user message " + messageId);
        }
        message.content = newContent;
        message.editedAt = java.time.Instant.now();
        gateway.dispatch("MESSAGE_UPDATE", payloads.message(message, true));
    }

    /** Ids of the attachments whose bytes were fetched from the CDN, in order. */
    public List<String> cdnDownloads() {
        return state.cdn.downloads();
    }

    /** The CDN URLs of a message's attachments, as Discord sent them. */
    public List<String> attachmentUrls(String messageId) {
        return state.messages.get(messageId).attachments.stream()
                .map(FakeDiscordCdn.Stored::url)
                .toList();
    }

    /**
     * {@code author} records a voice message in {@code channelId} (media-and-interactions §3.1): flag
     * IS_VOICE_MESSAGE (1 << 13), no content, one {@code audio/ogg} attachment carrying {@code duration_secs} and a
     * {@code waveform}, as the Discord clients send it.
     */
    public String voiceMessage(FakeUser author, String channelId, byte[] ogg, double seconds) {
        return deliver(
                author,
                channelId,
                "",
                null,
                true,
                FakeDiscordState.IS_VOICE_MESSAGE,
                seconds,
                List.of(),
                new FakeAttachment("voice-message.ogg", "audio/ogg", ogg));
    }

    /**
     * {@code author} sends a sticker named {@code name} in {@code channelId} with {@code content} beside it (empty
     * for a sticker alone, as the clients send one picked from the sticker picker).
     */
    public String sticker(FakeUser author, String channelId, String content, String name) {
        return deliver(author, channelId, content, null, true, 0, 0, List.of(name));
    }

    /** {@code author} writes to the bot in their DM. */
    public String dm(FakeUser author, String content) {
        return post(author, state.dmChannel(author), content);
    }

    private String deliver(
            FakeUser author, String channelId, String content, String replyTo, boolean ping, FakeAttachment... files) {
        return deliver(author, channelId, content, replyTo, ping, 0, 0, List.of(), files);
    }

    private String deliver(
            FakeUser author,
            String channelId,
            String content,
            String replyTo,
            boolean ping,
            int flags,
            double voiceSeconds,
            List<String> stickers,
            FakeAttachment... files) {
        if (!state.channels.containsKey(channelId)) {
            throw new IllegalArgumentException("unknown channel " + channelId);
        }
        JsonNode allowed = ping
                ? null
                : json.createObjectNode()
                        .put("replied_user", false)
                        .set(
                                "parse",
                                json.createArrayNode().add("users").add("roles").add("everyone"));
        FakeDiscordState.Message message = new FakeDiscordState.Message(
                state.ids.next(), channelId, author, content, replyTo, allowed, null, flags);
        message.voiceSeconds = voiceSeconds;
        message.stickers = List.copyOf(stickers);
        List<FakeDiscordCdn.Stored> stored = new java.util.ArrayList<>();
        for (FakeAttachment file : files) {
            stored.add(state.cdn.store(state.ids.next(), channelId, file));
        }
        message.attachments = List.copyOf(stored);
        state.messages.put(message.id, message);
        gateway.dispatch("MESSAGE_CREATE", payloads.message(message, true));
        return message.id;
    }

    /** Someone opens a public thread under {@code parentId}; returns its id. */
    public String openThread(String parentId, String name, FakeUser owner) {
        FakeDiscordState.Channel thread = state.thread(parentId, name, owner.id(), state.ids.next());
        gateway.dispatch("THREAD_CREATE", payloads.channel(thread).put("newly_created", true));
        return thread.id;
    }

    /**
     * A member overwrite in a channel now denies the bot {@code permissions}, and Discord tells the bot's session
     * with CHANNEL_UPDATE (THREAD_UPDATE for a thread's parent is not sent: threads follow their parent).
     */
    public void denyBot(String channelId, FakePermission... permissions) {
        FakeDiscordState.Channel channel = denied(channelId, permissions);
        gateway.dispatch("CHANNEL_UPDATE", payloads.channel(channel));
    }

    /**
     * Like {@link #denyBot} but the bot's session is not told (yet): the moment between an admin's change and the
     * CHANNEL_UPDATE reaching the bot, when only Discord's own checks refuse the bot's writes.
     */
    public void denyBotQuietly(String channelId, FakePermission... permissions) {
        denied(channelId, permissions);
    }

    private FakeDiscordState.Channel denied(String channelId, FakePermission... permissions) {
        FakeDiscordState.Channel channel = state.channels.get(channelId);
        if (channel == null || channel.type != FakeDiscordState.TEXT) {
            throw new IllegalArgumentException("not a text channel: " + channelId);
        }
        for (FakePermission permission : permissions) {
            channel.botDenied |= permission.bit;
        }
        return channel;
    }

    /** A moderator locks a thread (THREAD_UPDATE): only members with Manage Threads may post in it now. */
    public void lockThread(String threadId) {
        FakeDiscordState.Channel thread = state.channels.get(threadId);
        if (thread == null || thread.type != FakeDiscordState.PUBLIC_THREAD) {
            throw new IllegalArgumentException("not a thread: " + threadId);
        }
        thread.locked = true;
        gateway.dispatch("THREAD_UPDATE", payloads.channel(thread));
    }

    /** An admin creates a text channel in the first guild (CHANNEL_CREATE); returns its id. */
    public String addChannel(String name) {
        FakeDiscordState.Channel channel = state.textChannel(name);
        gateway.dispatch("CHANNEL_CREATE", payloads.channel(channel));
        return channel.id;
    }

    /** {@code user} runs slash command {@code name} with string options; returns the interaction id. */
    public String slash(FakeUser user, String channelId, String name, Map<String, String> options) {
        return slash(user, channelId, name, options, null, null);
    }

    /**
     * {@code user} runs slash command {@code name} with string options and {@code file} as its attachment option
     * {@code fileOption} (type 11, resolved in {@code data.resolved.attachments}); returns the interaction id.
     */
    public String slash(
            FakeUser user,
            String channelId,
            String name,
            Map<String, String> options,
            String fileOption,
            FakeAttachment file) {
        FakeDiscordState.Interaction interaction =
                new FakeDiscordState.Interaction(state.ids.next(), "itoken-" + state.ids.next(), channelId, user, name);
        state.interactions.put(interaction.id, interaction);
        FakeDiscordCdn.Stored stored = file == null ? null : state.cdn.store(state.ids.next(), channelId, file);
        gateway.dispatch(
                "INTERACTION_CREATE",
                payloads.interaction(interaction, new LinkedHashMap<>(options), fileOption, stored));
        return interaction.id;
    }

    /**
     * {@code user} presses the button with {@code customId} on message {@code messageId}: INTERACTION_CREATE of
     * type 3. The bot has the fake's interaction deadline (3 s) to acknowledge it. Returns the interaction id. A user
     * can only press a button the message shows, so anything else is a mistake in the test.
     */
    public String press(FakeUser user, String messageId, String customId) {
        FakeDiscordState.Message message = state.messages.get(messageId);
        if (message == null || FakeDiscordComponents.button(message.components, customId) == null) {
            throw new IllegalArgumentException("message " + messageId + " shows no button " + customId);
        }
        FakeDiscordState.Interaction interaction = new FakeDiscordState.Interaction(
                state.ids.next(), "itoken-" + state.ids.next(), message.channelId, user, null, messageId, customId);
        state.interactions.put(interaction.id, interaction);
        gateway.dispatch("INTERACTION_CREATE", payloads.componentInteraction(interaction));
        return interaction.id;
    }

    /** The interaction callback type the bot answered with (6 deferred update, 4 message, ...), 0 while none. */
    public int callbackType(String interactionId) {
        return state.interactions.get(interactionId).callbackType;
    }

    /** The custom ids of a message's buttons now, in order. */
    public List<String> buttons(String messageId) {
        FakeDiscordState.Message message = state.messages.get(messageId);
        List<String> ids = new java.util.ArrayList<>();
        if (message != null && message.components != null) {
            for (JsonNode row : message.components) {
                for (JsonNode button : row.path("components")) {
                    ids.add(button.path("custom_id").asText());
                }
            }
        }
        return ids;
    }

    /** The labels of a message's buttons now, in order. */
    public List<String> buttonLabels(String messageId) {
        FakeDiscordState.Message message = state.messages.get(messageId);
        List<String> labels = new java.util.ArrayList<>();
        if (message != null && message.components != null) {
            for (JsonNode row : message.components) {
                for (JsonNode button : row.path("components")) {
                    labels.add(button.path("label").asText());
                }
            }
        }
        return labels;
    }

    /** The image URLs of a message's embeds. */
    public List<String> embedImages(String messageId) {
        FakeDiscordState.Message message = state.messages.get(messageId);
        List<String> urls = new java.util.ArrayList<>();
        if (message != null && message.embeds != null) {
            for (JsonNode embed : message.embeds) {
                if (embed.path("image").has("url")) {
                    urls.add(embed.path("image").path("url").asText());
                }
            }
        }
        return urls;
    }

    /** What the interaction's original response says now, if it has one. */
    public Optional<String> interactionResponse(String interactionId) {
        FakeDiscordState.Interaction interaction = state.interactions.get(interactionId);
        return Optional.ofNullable(interaction).map(i -> i.originalMessageId).flatMap(this::text);
    }

    /** The interaction's token, as the bot received it in INTERACTION_CREATE. */
    public String interactionToken(String interactionId) {
        return state.interactions.get(interactionId).token;
    }

    public boolean interactionEphemeral(String interactionId) {
        return state.interactions.get(interactionId).ephemeral;
    }

    /** Texts of the interaction's follow-up messages, in order. */
    public List<String> interactionFollowUps(String interactionId) {
        return state.interactions.get(interactionId).followUps.stream()
                .map(id -> state.messages.get(id).content)
                .toList();
    }

    /** Every text a message had, oldest first. */
    public List<String> versions(String messageId) {
        FakeDiscordState.Message message = state.messages.get(messageId);
        return message == null ? List.of() : List.copyOf(message.versions);
    }

    /** The current text of a message. */
    public Optional<String> text(String messageId) {
        return Optional.ofNullable(state.messages.get(messageId)).map(m -> m.content);
    }

    /** Ids of the bot's messages in a channel (not interaction responses), oldest first. */
    public List<String> botMessages(String channelId) {
        return state.messages.values().stream()
                .filter(m -> m.channelId.equals(channelId) && m.author.equals(state.bot) && m.interactionId == null)
                .sorted(java.util.Comparator.comparing((FakeDiscordState.Message m) -> m.createdAt)
                        .thenComparing(m -> Long.parseLong(m.id)))
                .map(m -> m.id)
                .toList();
    }

    /** The user message a bot message replies to, if any. */
    public Optional<String> repliesTo(String messageId) {
        return Optional.ofNullable(state.messages.get(messageId)).map(m -> m.referenceId);
    }

    /** Who a message notified, after allowed_mentions: user ids, {@code everyone}, {@code role:<id>}. */
    public Set<String> pings(String messageId) {
        return payloads.pings(state.messages.get(messageId));
    }

    /** The thread started from a message, if any. */
    public Optional<String> threadOf(String messageId) {
        return Optional.ofNullable(state.messages.get(messageId)).map(m -> m.threadId);
    }

    /** The commands registered with PUT applications/{app}/commands, or null. */
    public JsonNode registeredCommands() {
        return state.commands;
    }

    public List<RestCall> calls() {
        return rest.calls();
    }

    public List<RestCall> calls(String method, String pathRegex) {
        return rest.calls().stream().filter(c -> c.is(method, pathRegex)).toList();
    }

    /** The next request matching method and path gets a 429 with this integer Retry-After. */
    public void injectRateLimit(String method, String pathRegex, int retryAfterSeconds) {
        limiter.inject(method, pathRegex, retryAfterSeconds);
    }

    /** The next {@code n} message creates or edits are answered 500 "Internal Server Error" unhandled. */
    public void injectServerErrors(int n) {
        rest.faults.serverErrors(n);
    }

    /** The next {@code n} message creates or edits lose their connection before Discord handles them. */
    public void injectResets(int n) {
        rest.faults.resets(n);
    }

    public dev.cozebridge.fakes.InjectedFaults faults() {
        return rest.faults;
    }

    /**
     * A moderator deletes a message (e.g. the bot's answer while it is written): it is gone for every later call
     * (edits answer 404 Unknown Message, 10008) and MESSAGE_DELETE is dispatched.
     */
    public void deleteMessage(String messageId) {
        FakeDiscordState.Message message = state.messages.remove(messageId);
        if (message == null) {
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode deleted =
                json.createObjectNode().put("id", messageId).put("channel_id", message.channelId);
        FakeDiscordState.Channel channel = state.channels.get(message.channelId);
        if (channel != null && channel.guildId != null) {
            deleted.put("guild_id", channel.guildId);
        }
        gateway.dispatch("MESSAGE_DELETE", deleted);
    }

    public int rateLimitsServed() {
        return limiter.served429();
    }

    /** The intents of every IDENTIFY received. */
    public List<Integer> identifiedIntents() {
        return gateway.identifiedIntents();
    }

    /** The path and query of every gateway connection, e.g. {@code /?encoding=json&v=10&compress=zlib-stream}. */
    public List<String> gatewayConnections() {
        return gateway.connectQueries();
    }

    /** The client port of every gateway connection so far. */
    public List<Integer> gatewayClientPorts() {
        return gateway.clientPorts();
    }

    public int resumes() {
        return gateway.resumes();
    }

    /** The last dispatch sequence number of the newest session. */
    public long lastSeq() {
        return gateway.lastSeq();
    }

    /** Sends op 7 RECONNECT; the resumed session gets every event after {@code replayAfterSeq} again. */
    public void reconnectReplayingAfter(long replayAfterSeq) {
        gateway.reconnect(replayAfterSeq);
    }

    /** Sends op 7 RECONNECT; the resume replays only what the client missed, like Discord. */
    public void reconnect() {
        gateway.reconnect(null);
    }

    @Override
    public void close() {
        rest.close();
        gateway.shutdown();
    }
}
