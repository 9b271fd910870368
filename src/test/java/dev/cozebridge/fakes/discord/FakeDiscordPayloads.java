package dev.cozebridge.fakes.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the JSON objects Discord sends, with every field JDA 6.5.0 requires. */
final class FakeDiscordPayloads {
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
    private static final String JOINED = "2026-01-01T00:00:00.000000+00:00";

    private final FakeDiscordState state;
    private final ObjectMapper json;

    FakeDiscordPayloads(FakeDiscordState state, ObjectMapper json) {
        this.state = state;
        this.json = json;
    }

    static String iso(Instant instant) {
        return ISO.format(instant);
    }

    ObjectNode user(FakeUser user) {
        ObjectNode node = json.createObjectNode()
                .put("id", user.id())
                .put("username", user.username())
                .put("discriminator", "0")
                .put("global_name", user.globalName())
                .putNull("avatar")
                .put("bot", user.bot())
                .put("flags", 0);
        if (user.equals(state.bot)) {
            node.put("verified", true).put("mfa_enabled", false);
        }
        return node;
    }

    /** A member object of the first guild without its user, as embedded in messages. */
    ObjectNode memberBody(FakeUser user) {
        return memberBody(user, state.guild);
    }

    /** A member object of {@code guild} without its user, as embedded in messages. */
    ObjectNode memberBody(FakeUser user, FakeDiscordState.Guild guild) {
        ObjectNode node = json.createObjectNode();
        ArrayNode roles = node.putArray("roles");
        state.rolesOf(user, guild).forEach(roles::add);
        return node.put("joined_at", JOINED)
                .putNull("nick")
                .put("deaf", false)
                .put("mute", false)
                .put("flags", 0);
    }

    ObjectNode member(FakeUser user) {
        return member(user, state.guild);
    }

    ObjectNode member(FakeUser user, FakeDiscordState.Guild guild) {
        ObjectNode node = memberBody(user, guild);
        node.set("user", user(user));
        return node;
    }

    /** READY of a session whose shard holds {@code guilds} (each unavailable until its GUILD_CREATE). */
    ObjectNode ready(String sessionId, String resumeUrl, java.util.List<FakeDiscordState.Guild> guilds, int[] shard) {
        ObjectNode d = json.createObjectNode().put("v", 10);
        d.set("user", user(state.bot));
        ArrayNode unavailable = d.putArray("guilds");
        guilds.forEach(g -> unavailable.addObject().put("id", g.id()).put("unavailable", true));
        d.putArray("shard").add(shard[0]).add(shard[1]);
        d.put("session_id", sessionId).put("resume_gateway_url", resumeUrl);
        d.putObject("application").put("id", state.applicationId).put("flags", 0);
        d.putArray("private_channels");
        d.putArray("_trace").add("fake-discord");
        return d;
    }

    ObjectNode guildCreate(FakeDiscordState.Guild guild) {
        ObjectNode g = json.createObjectNode()
                .put("id", guild.id())
                .put("name", guild.name())
                .putNull("icon")
                .put("owner_id", state.owner.id())
                .put("unavailable", false)
                .put("member_count", state.members().size())
                .put("large", false)
                .put("joined_at", JOINED)
                .put("afk_timeout", 300)
                .putNull("afk_channel_id")
                .putNull("system_channel_id")
                .put("preferred_locale", "en-US")
                .put("verification_level", 0)
                .put("default_message_notifications", 0)
                .put("explicit_content_filter", 0)
                .put("mfa_level", 0)
                .put("nsfw_level", 0)
                .put("premium_tier", 0);
        g.putArray("features");
        ArrayNode roles = g.putArray("roles");
        roles.add(role(guild.id(), "@everyone", FakeDiscordState.EVERYONE_PERMISSIONS, 0));
        roles.add(role(
                guild.moderatorRoleId(),
                "Moderators",
                FakeDiscordState.MANAGE_MESSAGES | FakeDiscordState.MENTION_EVERYONE,
                1));
        roles.add(role(
                guild.botRoleId(),
                "Coze Bot",
                FakeDiscordState.CREATE_PUBLIC_THREADS | FakeDiscordState.MANAGE_THREADS,
                2));
        ArrayNode channels = g.putArray("channels");
        int position = 0;
        for (String id : guild.textChannels()) {
            ObjectNode c = channel(state.channels.get(id));
            c.put("position", position++);
            channels.add(c);
        }
        ArrayNode members = g.putArray("members");
        state.members().forEach(u -> members.add(member(u, guild)));
        ArrayNode threads = g.putArray("threads");
        state.threads(guild).forEach(t -> threads.add(channel(t)));
        for (String empty : new String[] {
            "voice_states",
            "presences",
            "emojis",
            "stickers",
            "guild_scheduled_events",
            "stage_instances",
            "soundboard_sounds"
        }) {
            g.putArray(empty);
        }
        return g;
    }

    private ObjectNode role(String id, String name, long permissions, int position) {
        ObjectNode r = json.createObjectNode()
                .put("id", id)
                .put("name", name)
                .put("permissions", Long.toString(permissions))
                .put("position", position)
                .put("color", 0)
                .put("hoist", false)
                .put("managed", false)
                .put("mentionable", false)
                .put("flags", 0);
        r.putObject("colors").put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color");
        return r;
    }

    ObjectNode channel(FakeDiscordState.Channel c) {
        ObjectNode node = json.createObjectNode().put("id", c.id).put("type", c.type);
        switch (c.type) {
            case FakeDiscordState.DM -> {
                node.putNull("last_message_id");
                node.putArray("recipients").add(user(state.user(c.recipientId)));
            }
            case FakeDiscordState.PUBLIC_THREAD -> {
                node.put("guild_id", c.guildId)
                        .put("name", c.name)
                        .put("parent_id", c.parentId)
                        .put("owner_id", c.ownerId)
                        .put("member_count", 1)
                        .put("message_count", 0)
                        .put("total_message_count", 0)
                        .put("rate_limit_per_user", 0)
                        .put("flags", 0)
                        .putNull("last_message_id");
                node.putObject("thread_metadata")
                        .put("archived", false)
                        .put("locked", c.locked)
                        .put("invitable", true)
                        .put("auto_archive_duration", 1440)
                        .put("archive_timestamp", iso(c.createdAt))
                        .put("create_timestamp", iso(c.createdAt));
            }
            default -> {
                node.put("guild_id", c.guildId)
                        .put("name", c.name)
                        .put("position", 0)
                        .put("nsfw", false)
                        .putNull("topic")
                        .putNull("last_message_id")
                        .put("rate_limit_per_user", 0)
                        .putNull("parent_id")
                        .put("flags", 0);
                ArrayNode overwrites = node.putArray("permission_overwrites");
                if (c.botDenied != 0) {
                    // type 1: a member overwrite, here for the bot's own member
                    overwrites
                            .addObject()
                            .put("id", state.bot.id())
                            .put("type", 1)
                            .put("allow", "0")
                            .put("deny", Long.toString(c.botDenied));
                }
            }
        }
        return node;
    }

    /** A message object as Discord serves it, including the computed mentions array and the replied-to message. */
    ObjectNode message(FakeDiscordState.Message m, boolean withReferenced) {
        FakeDiscordState.Channel channel = state.channels.get(m.channelId);
        boolean inGuild = channel.inGuild();
        ObjectNode node = json.createObjectNode()
                .put("id", m.id)
                .put("type", m.referenceId != null ? 19 : m.interactionId != null ? 20 : 0)
                .put("channel_id", m.channelId);
        FakeDiscordState.Guild guild = inGuild ? state.guild(channel.guildId) : null;
        if (inGuild) {
            node.put("guild_id", guild.id());
        }
        node.set("author", user(m.author));
        if (inGuild && !m.author.bot() || inGuild && m.author.equals(state.bot)) {
            node.set("member", memberBody(m.author, guild));
        }
        node.put("content", m.content)
                .put("timestamp", iso(m.createdAt))
                .put("edited_timestamp", m.editedAt == null ? null : iso(m.editedAt))
                .put("tts", false)
                .put("pinned", false)
                .put("flags", m.flags)
                .put("mention_everyone", mentionsEveryone(m));
        ArrayNode mentions = node.putArray("mentions");
        for (String id : mentionedUsers(m)) {
            FakeUser u = state.user(id);
            if (u != null) {
                ObjectNode mu = user(u);
                if (inGuild) {
                    mu.set("member", memberBody(u, guild));
                }
                mentions.add(mu);
            }
        }
        node.putArray("mention_roles");
        ArrayNode attachments = node.putArray("attachments");
        for (FakeDiscordCdn.Stored a : m.attachments) {
            ObjectNode attachment = attachment(a);
            if ((m.flags & FakeDiscordState.IS_VOICE_MESSAGE) != 0) {
                // a voice message's one attachment: its length and a base64 waveform of up to 256 samples
                attachment.put("duration_secs", m.voiceSeconds).put("waveform", "AAAAAAAAAAAA");
            }
            attachments.add(attachment);
        }
        if (!m.stickers.isEmpty()) {
            // a message carries sticker items, not whole stickers: id, name and format (1 = PNG)
            ArrayNode items = node.putArray("sticker_items");
            for (int i = 0; i < m.stickers.size(); i++) {
                items.addObject()
                        .put("id", Long.toString(749054660769218631L + i))
                        .put("name", m.stickers.get(i))
                        .put("format_type", 1);
            }
        }
        if (m.embeds != null) {
            node.set("embeds", m.embeds.deepCopy());
        } else {
            node.putArray("embeds");
        }
        if (m.components != null) {
            node.set("components", m.components.deepCopy());
        } else {
            node.putArray("components");
        }
        if (m.interactionId != null) {
            node.put("webhook_id", state.applicationId).put("application_id", state.applicationId);
        }
        if (m.threadId != null) {
            node.set("thread", channel(state.channels.get(m.threadId)));
        }
        if (m.referenceId != null) {
            FakeDiscordState.Message ref = state.messages.get(m.referenceId);
            ObjectNode reference = node.putObject("message_reference")
                    .put("type", 0)
                    .put("message_id", m.referenceId)
                    .put("channel_id", m.channelId);
            if (inGuild) {
                reference.put("guild_id", guild.id());
            }
            if (withReferenced) {
                node.set("referenced_message", ref == null ? null : message(ref, false));
            }
        }
        return node;
    }

    /** Users a message mentions, as Discord fills {@code mentions}: parsed from the content plus a pinged reply. */
    Set<String> mentionedUsers(FakeDiscordState.Message m) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher matcher = USER_MENTION.matcher(m.content);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        if (m.referenceId != null && repliedUserPinged(m)) {
            FakeDiscordState.Message ref = state.messages.get(m.referenceId);
            if (ref != null) {
                ids.add(ref.author.id());
            }
        }
        return ids;
    }

    private boolean repliedUserPinged(FakeDiscordState.Message m) {
        return m.allowedMentions == null
                || m.allowedMentions.path("replied_user").asBoolean(false);
    }

    private boolean mentionsEveryone(FakeDiscordState.Message m) {
        boolean text = m.content.contains("@everyone") || m.content.contains("@here");
        return text
                && parses(m.allowedMentions, "everyone")
                && (m.author.equals(state.bot)
                        || (state.permissions(m.author) & FakeDiscordState.MENTION_EVERYONE) != 0);
    }

    /** What this message actually notifies, after allowed_mentions: user ids, "everyone", "role:id". */
    Set<String> pings(FakeDiscordState.Message m) {
        Set<String> pings = new LinkedHashSet<>();
        if (mentionsEveryone(m)) {
            pings.add("everyone");
        }
        Matcher matcher = USER_MENTION.matcher(m.content);
        while (matcher.find()) {
            if (parses(m.allowedMentions, "users") || listed(m.allowedMentions, "users", matcher.group(1))) {
                pings.add(matcher.group(1));
            }
        }
        Matcher roles = Pattern.compile("<@&(\\d+)>").matcher(m.content);
        while (roles.find()) {
            if (parses(m.allowedMentions, "roles") || listed(m.allowedMentions, "roles", roles.group(1))) {
                pings.add("role:" + roles.group(1));
            }
        }
        if (m.referenceId != null && repliedUserPinged(m) && state.messages.containsKey(m.referenceId)) {
            pings.add(state.messages.get(m.referenceId).author.id());
        }
        return pings;
    }

    private static boolean parses(JsonNode allowed, String kind) {
        if (allowed == null) {
            return true;
        }
        for (JsonNode p : allowed.path("parse")) {
            if (p.asText().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listed(JsonNode allowed, String kind, String id) {
        if (allowed == null) {
            return false;
        }
        for (JsonNode p : allowed.path(kind)) {
            if (p.asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** An attachment object (§3.1): id, filename, content_type, size, the signed url and proxy_url. */
    ObjectNode attachment(FakeDiscordCdn.Stored a) {
        ObjectNode node = json.createObjectNode()
                .put("id", a.id())
                .put("filename", a.file().filename())
                .put("size", a.file().bytes().length)
                .put("url", a.url())
                .put("proxy_url", a.url());
        if (a.file().contentType() != null) {
            node.put("content_type", a.file().contentType());
        }
        if (a.file().contentType() != null && a.file().contentType().startsWith("image/")) {
            node.put("width", 640).put("height", 480);
        }
        return node;
    }

    /** A pressed button: INTERACTION_CREATE of type 3 with the message that carries it. */
    ObjectNode componentInteraction(FakeDiscordState.Interaction i) {
        ObjectNode d = interactionBase(i, 3);
        d.putObject("data").put("custom_id", i.customId).put("component_type", 2);
        d.set("message", message(state.messages.get(i.componentMessageId), false));
        return d;
    }

    private ObjectNode interactionBase(FakeDiscordState.Interaction i, int type) {
        FakeDiscordState.Channel channel = state.channels.get(i.channelId);
        ObjectNode d = json.createObjectNode()
                .put("id", i.id)
                .put("application_id", state.applicationId)
                .put("type", type)
                .put("version", 1)
                .put("token", i.token)
                .put("channel_id", i.channelId)
                .put("locale", "en-US")
                .put("app_permissions", Long.toString(state.permissions(state.bot)));
        ObjectNode channelJson = channel(channel);
        if (channel.inGuild()) {
            FakeDiscordState.Guild guild = state.guild(channel.guildId);
            d.put("guild_id", guild.id()).put("guild_locale", "en-US").put("context", 0);
            d.putObject("guild").put("id", guild.id()).put("locale", "en-US").putArray("features");
            channelJson.put("permissions", Long.toString(state.permissions(i.user)));
            d.set("member", member(i.user, guild).put("permissions", Long.toString(state.permissions(i.user))));
            d.putObject("authorizing_integration_owners").put("0", guild.id());
        } else {
            d.put("context", 1);
            d.set("user", user(i.user));
            d.putObject("authorizing_integration_owners").put("0", "0");
        }
        d.set("channel", channelJson);
        d.putArray("entitlements");
        return d;
    }

    ObjectNode interaction(
            FakeDiscordState.Interaction i,
            Map<String, String> options,
            String fileOption,
            FakeDiscordCdn.Stored file) {
        ObjectNode d = interactionBase(i, 2);
        ObjectNode data = d.putObject("data")
                .put("id", commandId(i.command))
                .put("name", i.command)
                .put("type", 1);
        if (!options.isEmpty() || file != null) {
            ArrayNode opts = data.putArray("options");
            options.forEach(
                    (k, v) -> opts.addObject().put("name", k).put("type", 3).put("value", v));
            if (file != null) {
                opts.addObject().put("name", fileOption).put("type", 11).put("value", file.id());
                data.putObject("resolved").putObject("attachments").set(file.id(), attachment(file));
            }
        }
        return d;
    }

    private String commandId(String name) {
        JsonNode commands = state.commands;
        if (commands != null) {
            for (JsonNode c : commands) {
                if (c.path("name").asText().equals(name)) {
                    return c.path("id").asText();
                }
            }
        }
        return state.ids.next();
    }
}
