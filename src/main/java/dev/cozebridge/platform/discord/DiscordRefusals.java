package dev.cozebridge.platform.discord;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.PlatformException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Discord refused because the bot lacks a permission where it writes: JDA's own check before the request
 * ({@link InsufficientPermissionException}, {@code MissingAccessException}, thrown synchronously when the cached
 * permissions lack one) or Discord's answer (50001 Missing Access, 50013 Missing Permissions, 160005 thread
 * locked). Each is logged once per channel and permission, naming what to grant where, instead of once per write;
 * the write is failed as {@linkplain PlatformException#refused permanent}, so the core neither retries it nor logs
 * it again; and whoever asked is told in one sentence: only to them (ephemeral) when they asked by pressing a
 * button, else in a DM.
 *
 * <p>The asker travels in {@link ReplyTarget#handle()}: {@link #askedBy} for a message, {@link #pressedBy} for a
 * button press; a slash command's handle is its interaction's (see {@link DiscordInteractions}).
 */
final class DiscordRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordRefusals.class);
    private static final String ASKER = "asker:";
    private static final String PRESS = "press:";
    /** Questions already told about, so a notice after a refused answer does not bring a second DM. */
    private static final int REMEMBERED_QUESTIONS = 1_000;

    private record Press(String userId, InteractionHook hook, Instant at) {}

    private final String bot;
    private final Catalog catalog;
    private final Supplier<DiscordShards> shards;
    private final DiscordInteractions interactions;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final Map<String, Press> presses = new ConcurrentHashMap<>();
    private final Set<String> told = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_QUESTIONS;
        }
    });

    DiscordRefusals(
            String bot,
            Catalog catalog,
            Supplier<DiscordShards> shards,
            DiscordInteractions interactions,
            BridgeMetrics metrics,
            Clock clock) {
        this.bot = bot;
        this.catalog = catalog;
        this.shards = shards;
        this.interactions = interactions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The handle of the question {@code userId} asked with message {@code messageId}. */
    static String askedBy(String userId, String messageId) {
        return ASKER + userId + ":" + messageId;
    }

    /** The handle of a question {@code userId} asked by pressing a button; its hook can whisper to them. */
    String pressedBy(String interactionId, String userId, InteractionHook hook) {
        Instant now = clock.instant();
        presses.values()
                .removeIf(p -> Duration.between(p.at(), now).compareTo(DiscordInteractions.TOKEN_LIFETIME) >= 0);
        presses.put(interactionId, new Press(userId, hook, now));
        return PRESS + interactionId;
    }

    /**
     * The permission a failed write lacked, or null when the failure is not for want of one.
     *
     * @param embeds whether the write carried embeds (they need Embed Links)
     */
    static Permission missing(Throwable failure, MessageChannel channel, boolean embeds) {
        if (failure instanceof InsufficientPermissionException e) {
            return e.getPermission();
        }
        if (!(failure instanceof ErrorResponseException e)) {
            return null;
        }
        return switch (e.getErrorResponse()) {
            case MISSING_ACCESS -> Permission.VIEW_CHANNEL;
            // only Manage Threads lets a member post in a locked thread
            case THREAD_LOCKED -> Permission.MANAGE_THREADS;
            case MISSING_PERMISSIONS -> lacking(channel, embeds);
            default -> null;
        };
    }

    /** Discord does not say which permission 50013 is about: the first one the cache knows is lacking. */
    private static Permission lacking(MessageChannel channel, boolean embeds) {
        boolean thread = channel != null && channel.getType().isThread();
        Permission send = thread ? Permission.MESSAGE_SEND_IN_THREADS : Permission.MESSAGE_SEND;
        if (channel instanceof GuildChannel guildChannel) {
            var self = guildChannel.getGuild().getSelfMember();
            for (Permission needed : embeds
                    ? new Permission[] {Permission.VIEW_CHANNEL, send, Permission.MESSAGE_EMBED_LINKS}
                    : new Permission[] {Permission.VIEW_CHANNEL, send}) {
                if (!self.hasPermission(guildChannel, needed)) {
                    return needed;
                }
            }
        }
        // the cache has not heard of the change yet; a write of pictures follows the answer that just went through
        return embeds ? Permission.MESSAGE_EMBED_LINKS : send;
    }

    /**
     * Logs the refusal once for this channel and permission, tells the asker, and returns the permanent failure
     * for the core.
     */
    PlatformException refused(
            Throwable failure,
            Permission permission,
            String operation,
            MessageChannel channel,
            String channelId,
            ReplyTarget target) {
        String where = describe(channel, channelId);
        boolean locked =
                failure instanceof ErrorResponseException e && e.getErrorResponse() == ErrorResponse.THREAD_LOCKED;
        if (logged.add(channelId + "/" + permission.name())) {
            LOG.warn(
                    "Discord bot {} may not write in {}: {}grant it the \"{}\" permission there; until then its "
                            + "answers there are dropped (logged once per channel)",
                    bot,
                    where,
                    locked ? "the thread is locked; unlock it or " : "",
                    permission.getName());
        }
        tell(target, channel, channelId, permission);
        return PlatformException.refused(
                "Discord " + operation + " in " + where + ": missing permission " + permission.getName(), failure);
    }

    /** Logs, once per channel and permission, a permission whose lack the adapter works around. */
    void workedAround(MessageChannel channel, String channelId, Permission permission, String consequence) {
        if (logged.add(channelId + "/" + permission.name())) {
            LOG.warn(
                    "Discord bot {} lacks the \"{}\" permission in {}: {}; grant it there (logged once per channel)",
                    bot,
                    // JDA shortens the name Discord's settings show
                    permission == Permission.MESSAGE_HISTORY ? "Read Message History" : permission.getName(),
                    describe(channel, channelId),
                    consequence);
        }
    }

    private void tell(ReplyTarget target, MessageChannel channel, String channelId, Permission permission) {
        if (target == null || target.privateChat() || target.handle() == null) {
            return;
        }
        synchronized (told) {
            if (!told.add(target.handle())) {
                return;
            }
        }
        String place = channel != null ? channel.getAsMention() : "<#" + channelId + ">";
        String text = DiscordOutbound.fitted(catalog.get(Text.NOTICE_MISSING_PERMISSION, place, permission.getName()));
        String handle = target.handle();
        InteractionHook hook = null;
        String userId = null;
        if (handle.startsWith(PRESS)) {
            Press press = presses.get(handle.substring(PRESS.length()));
            if (press != null) {
                hook = press.hook();
                userId = press.userId();
            }
        } else if (handle.startsWith(ASKER)) {
            userId = handle.substring(ASKER.length(), handle.indexOf(':', ASKER.length()));
        } else {
            DiscordInteractions.Pending pending = interactions.byHandle(handle);
            if (pending != null) {
                hook = pending.hook;
            }
        }
        if (hook != null && !hook.isExpired()) {
            hook.sendMessage(text)
                    .setEphemeral(true)
                    .setAllowedMentions(DiscordOutbound.NO_MENTIONS)
                    .queue(
                            done -> wrote(),
                            e -> LOG.debug("ephemeral notice in {} failed: {}", channelId, e.toString()));
            return;
        }
        DiscordShards current = shards.get();
        if (userId == null || current == null) {
            return;
        }
        String asker = userId;
        current.openDm(asker)
                .flatMap(dm -> dm.sendMessage(text).setAllowedMentions(DiscordOutbound.NO_MENTIONS))
                .queue(
                        done -> wrote(),
                        // DMs closed (50007) or the user gone: nothing more to try
                        e -> LOG.debug("DM notice to user {} failed: {}", asker, e.toString()));
    }

    private void wrote() {
        metrics.platformWrite(DiscordInbound.PLATFORM, "send");
    }

    private static String describe(MessageChannel channel, String channelId) {
        if (channel instanceof GuildChannel guildChannel) {
            return "#" + guildChannel.getName() + " (" + channelId + ") of server "
                    + guildChannel.getGuild().getName();
        }
        return "channel " + channelId;
    }
}
