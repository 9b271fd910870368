package dev.cozebridge.fakes.discord;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything the fake Discord knows: two guilds with their roles, channels and threads, DMs, messages,
 * interactions. The first guild's id lands on shard 0 and the second's on shard 1 of a total of 2, so a test can
 * split them over two gateway sessions; single-guild tests use only the first.
 */
final class FakeDiscordState {

    static final long VIEW_CHANNEL = FakePermission.VIEW_CHANNEL.bit;
    static final long SEND_MESSAGES = FakePermission.SEND_MESSAGES.bit;
    static final long MANAGE_MESSAGES = 1L << 13;
    static final long MENTION_EVERYONE = 1L << 17;
    static final long MANAGE_THREADS = FakePermission.MANAGE_THREADS.bit;
    static final long CREATE_PUBLIC_THREADS = FakePermission.CREATE_PUBLIC_THREADS.bit;
    /**
     * ADD_REACTIONS|VIEW_CHANNEL|SEND_MESSAGES|EMBED_LINKS|ATTACH_FILES|READ_MESSAGE_HISTORY|
     * USE_APPLICATION_COMMANDS|SEND_MESSAGES_IN_THREADS.
     */
    static final long EVERYONE_PERMISSIONS = 277_025_508_416L;

    static final int TEXT = 0;
    static final int DM = 1;
    static final int PUBLIC_THREAD = 11;
    /** Message flag of a voice message (1 << 13). */
    static final int IS_VOICE_MESSAGE = 1 << 13;

    /** A guild: its id is also the id of its @everyone role; each guild has roles of its own. */
    record Guild(String id, String name, String moderatorRoleId, String botRoleId, List<String> textChannels) {}

    static final class Channel {
        final String id;
        final int type;
        final String name;
        final String parentId;
        final String ownerId;
        final String recipientId;
        /** The guild of a guild channel or thread; null for a DM. */
        final String guildId;

        final Instant createdAt = Instant.now();
        /** Permissions a member overwrite of this channel denies the bot (threads take their parent's). */
        volatile long botDenied;
        /** A locked thread: only members with Manage Threads may post. */
        volatile boolean locked;

        Channel(String id, int type, String name, String parentId, String ownerId, String recipientId, String guildId) {
            this.id = id;
            this.type = type;
            this.name = name;
            this.parentId = parentId;
            this.ownerId = ownerId;
            this.recipientId = recipientId;
            this.guildId = guildId;
        }

        boolean inGuild() {
            return type != DM;
        }
    }

    static final class Message {
        final String id;
        final String channelId;
        final FakeUser author;
        final String referenceId;
        final JsonNode allowedMentions;
        final String interactionId;
        final int flags;
        final Instant createdAt = Instant.now();
        volatile String content;
        /** Every content the message had, oldest first. */
        final List<String> versions = new CopyOnWriteArrayList<>();

        volatile Instant editedAt;
        volatile String threadId;
        /** Action rows as the bot sent them, with Discord's numeric ids added; an empty array for none. */
        volatile JsonNode components;
        /** Embeds as Discord stores them; an empty array for none. */
        volatile JsonNode embeds;
        /** The files a user attached, as the CDN stores them. */
        volatile List<FakeDiscordCdn.Stored> attachments = List.of();
        /** A voice message's length ({@link #IS_VOICE_MESSAGE}); Discord puts it on its one attachment. */
        volatile double voiceSeconds;
        /** The names of the stickers sent with the message ({@code sticker_items}), each with an id of its own. */
        volatile List<String> stickers = List.of();

        Message(
                String id,
                String channelId,
                FakeUser author,
                String content,
                String referenceId,
                JsonNode allowedMentions,
                String interactionId,
                int flags) {
            this.id = id;
            this.channelId = channelId;
            this.author = author;
            this.content = content;
            this.versions.add(content);
            this.referenceId = referenceId;
            this.allowedMentions = allowedMentions;
            this.interactionId = interactionId;
            this.flags = flags;
        }
    }

    static final class Interaction {
        final String id;
        final String token;
        final String channelId;
        final FakeUser user;
        final String command;
        /** For a pressed button (type 3): the message carrying it, and its custom id; else null. */
        final String componentMessageId;

        final String customId;
        final long createdNanos = System.nanoTime();
        volatile int callbackType;
        volatile boolean ephemeral;
        volatile String originalMessageId;
        final List<String> followUps = new CopyOnWriteArrayList<>();

        Interaction(String id, String token, String channelId, FakeUser user, String command) {
            this(id, token, channelId, user, command, null, null);
        }

        Interaction(
                String id,
                String token,
                String channelId,
                FakeUser user,
                String command,
                String componentMessageId,
                String customId) {
            this.id = id;
            this.token = token;
            this.channelId = channelId;
            this.user = user;
            this.command = command;
            this.componentMessageId = componentMessageId;
            this.customId = customId;
        }

        boolean component() {
            return componentMessageId != null;
        }

        boolean acknowledged() {
            return callbackType != 0;
        }
    }

    final Snowflakes ids = new Snowflakes();
    final FakeDiscordCdn cdn = new FakeDiscordCdn();
    final String guildId = ids.nextOnShard(0, 2);
    final String applicationId = ids.next();
    final FakeUser bot = new FakeUser(applicationId, "cozebot", null, true);
    final FakeUser alice = new FakeUser(ids.next(), "alice", "Alice Liddell", false);
    final FakeUser bob = new FakeUser(ids.next(), "bob", "Bob", false);
    final FakeUser moderator = new FakeUser(ids.next(), "mod", "Mia the Mod", false);
    final FakeUser owner = new FakeUser(ids.next(), "owner", "Owner", false);
    final FakeUser otherBot = new FakeUser(ids.next(), "otherbot", "Other Bot", true);
    final String moderatorRoleId = ids.next();
    final String botRoleId = ids.next();
    final String general = ids.next();
    final String random = ids.next();
    final Guild guild = new Guild(
            guildId, "Fake Guild", moderatorRoleId, botRoleId, new CopyOnWriteArrayList<>(List.of(general, random)));
    final String secondGeneral = ids.next();
    final Guild second =
            new Guild(ids.nextOnShard(1, 2), "Second Guild", ids.next(), ids.next(), List.of(secondGeneral));

    final Map<String, Channel> channels = new ConcurrentHashMap<>();
    final Map<String, Message> messages = new ConcurrentHashMap<>();
    final Map<String, Interaction> interactions = new ConcurrentHashMap<>();
    final Map<String, String> dmByUser = new ConcurrentHashMap<>();
    volatile JsonNode commands;

    FakeDiscordState() {
        for (Guild g : guilds()) {
            for (String id : g.textChannels()) {
                String name = id.equals(random) ? "random" : "general";
                channels.put(id, new Channel(id, TEXT, name, null, null, null, g.id()));
            }
        }
    }

    List<Guild> guilds() {
        return List.of(guild, second);
    }

    Guild guild(String id) {
        return guilds().stream().filter(g -> g.id().equals(id)).findFirst().orElse(null);
    }

    List<FakeUser> members() {
        return List.of(bot, alice, bob, moderator, owner, otherBot);
    }

    FakeUser user(String id) {
        return members().stream().filter(u -> u.id().equals(id)).findFirst().orElse(null);
    }

    List<String> rolesOf(FakeUser user) {
        return rolesOf(user, guild);
    }

    /** The member's roles in {@code g}: the moderator and the bot each have one there. */
    List<String> rolesOf(FakeUser user, Guild g) {
        if (user.equals(moderator)) {
            return List.of(g.moderatorRoleId());
        }
        if (user.equals(bot)) {
            return List.of(g.botRoleId());
        }
        return List.of();
    }

    /** Guild-level permissions: @everyone plus the member's roles; the owner has all. */
    long permissions(FakeUser user) {
        if (user.equals(owner)) {
            return -1L >>> 1;
        }
        long perms = EVERYONE_PERMISSIONS;
        for (String role : rolesOf(user)) {
            perms |= role.equals(moderatorRoleId) ? MANAGE_MESSAGES | MENTION_EVERYONE : 0;
            perms |= role.equals(botRoleId) ? CREATE_PUBLIC_THREADS | MANAGE_THREADS : 0;
        }
        return perms;
    }

    /**
     * The bot's permissions in a guild channel or thread, as Discord computes them: the guild's, less what the
     * channel's overwrite denies (a thread's are its parent's); without View Channel nothing else counts.
     */
    long botPermissions(Channel channel) {
        Channel holder = channel.type == PUBLIC_THREAD ? channels.get(channel.parentId) : channel;
        long permissions = permissions(bot) & ~holder.botDenied;
        return (permissions & VIEW_CHANNEL) == 0 ? 0 : permissions;
    }

    /** A new text channel in the first guild. */
    Channel textChannel(String name) {
        String id = ids.next();
        Channel channel = new Channel(id, TEXT, name, null, null, null, guildId);
        channels.put(id, channel);
        guild.textChannels().add(id);
        return channel;
    }

    String dmChannel(FakeUser user) {
        return dmByUser.computeIfAbsent(user.id(), k -> {
            String id = ids.next();
            channels.put(id, new Channel(id, DM, null, null, null, user.id(), null));
            return id;
        });
    }

    Channel thread(String parentId, String name, String ownerId, String id) {
        Channel thread = new Channel(id, PUBLIC_THREAD, name, parentId, ownerId, null, channels.get(parentId).guildId);
        channels.put(id, thread);
        return thread;
    }

    List<Channel> threads(Guild g) {
        return new ArrayList<>(channels.values().stream()
                .filter(c -> c.type == PUBLIC_THREAD && c.guildId.equals(g.id()))
                .toList());
    }
}
