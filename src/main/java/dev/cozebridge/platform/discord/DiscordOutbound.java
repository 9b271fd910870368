package dev.cozebridge.platform.discord;

import dev.cozebridge.core.Cut;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.MessageAction;
import dev.cozebridge.platform.PlatformException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends, edits (with an action row of buttons) and typing. Every message carries empty allowed mentions, so nothing Coze writes can ping
 * {@code @everyone}, {@code @here}, a role or a user; replies quote the user's message without pinging them.
 * JDA paces each bucket from Discord's headers and retries a 429 itself, so calls here simply block until done.
 * Only the core calls {@link #send} and {@link #edit}, and the core counts those writes in the metrics, once.
 *
 * <p>A reply in a DM is referenced as {@code <channel id>@<recipient user id>}: JDA only knows the DM channels it
 * has seen since it connected, so after a restart it must open the DM again from the user before the core's
 * recovery edit can reach it.
 *
 * <p>Channels are looked up across this instance's shards ({@link DiscordShards}): a guild channel in the shard
 * that holds its guild, a DM channel in shard 0, which receives every DM.
 */
final class DiscordOutbound {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordOutbound.class);
    private static final String PLATFORM = "discord";
    static final int MAX_LENGTH = Message.MAX_CONTENT_LENGTH;
    /** One action row holds five buttons. */
    static final int MAX_BUTTONS = 5;

    private static final String NO_QUOTE = "its answers there do not quote the question";
    /** Nothing may be pinged. */
    static final Set<Message.MentionType> NO_MENTIONS = EnumSet.noneOf(Message.MentionType.class);

    /** Separates a DM channel id from its recipient's user id in a {@link MessageRef}. */
    static final String DM_RECIPIENT = "@";

    private static final Set<ErrorResponse> GONE = EnumSet.of(
            ErrorResponse.UNKNOWN_CHANNEL,
            ErrorResponse.MISSING_ACCESS,
            ErrorResponse.MISSING_PERMISSIONS,
            ErrorResponse.UNKNOWN_WEBHOOK,
            ErrorResponse.UNKNOWN_INTERACTION,
            ErrorResponse.CANNOT_SEND_TO_USER,
            ErrorResponse.THREAD_LOCKED,
            ErrorResponse.UNKNOWN_USER,
            ErrorResponse.INVALID_AUTHOR_EDIT);

    private final Supplier<DiscordShards> shards;
    private final DiscordInteractions interactions;
    private final DiscordRefusals refusals;

    DiscordOutbound(Supplier<DiscordShards> shards, DiscordInteractions interactions, DiscordRefusals refusals) {
        this.shards = shards;
        this.interactions = interactions;
        this.refusals = refusals;
    }

    MessageRef send(ReplyTarget target, String markdown) {
        return send(target, markdown, List.of());
    }

    MessageRef send(ReplyTarget target, String markdown, List<MessageAction> actions) {
        String text = fit(markdown);
        List<ActionRow> rows = rows(actions);
        DiscordInteractions.Pending pending = interactions.byHandle(target.handle());
        if (pending != null) {
            return sendThroughHook(pending, text, rows);
        }
        String where = destination(target);
        MessageChannel channel = channel(where);
        String quoted = target.replyToMessageId();
        if (quoted != null && !mayQuote(channel)) {
            refusals.workedAround(channel, where, Permission.MESSAGE_HISTORY, NO_QUOTE);
            quoted = null;
        }
        Message sent;
        try {
            String reference = quoted;
            sent = write(channel, where, target, "send", false, () -> create(channel, text, rows, reference));
        } catch (PlatformException e) {
            if (quoted == null
                    || !(e.getCause() instanceof ErrorResponseException refused)
                    || refused.getErrorResponse() != ErrorResponse.REPLY_FAILED_MISSING_MESSAGE_HISTORY_PERM) {
                throw e;
            }
            // Discord knew before the cache did; the answer matters more than the quote
            refusals.workedAround(channel, where, Permission.MESSAGE_HISTORY, NO_QUOTE);
            sent = write(channel, where, target, "send", false, () -> create(channel, text, rows, null));
        }
        User recipient = channel instanceof PrivateChannel dm ? dm.getUser() : null;
        return ref(sent, recipient);
    }

    private static MessageCreateAction create(
            MessageChannel channel, String text, List<ActionRow> rows, String reference) {
        var action = channel.sendMessage(text)
                .setComponents(rows)
                .setAllowedMentions(NO_MENTIONS)
                .mentionRepliedUser(false);
        // a deleted question should not lose the answer: post it without the quote then
        return reference == null
                ? action
                : action.setMessageReference(reference).failOnInvalidReply(false);
    }

    /** A reply quotes the question only with Read Message History (else Discord answers 160002). */
    private static boolean mayQuote(MessageChannel channel) {
        return !(channel instanceof GuildChannel guildChannel)
                || guildChannel.getGuild().getSelfMember().hasPermission(guildChannel, Permission.MESSAGE_HISTORY);
    }

    private MessageRef sendThroughHook(DiscordInteractions.Pending pending, String text, List<ActionRow> rows) {
        synchronized (pending) {
            Message sent;
            if (pending.originalMessageId() == null) {
                sent = complete(
                        pending.hook
                                .editOriginal(text)
                                .setComponents(rows)
                                .setAllowedMentions(NO_MENTIONS)
                                .mentionRepliedUser(false),
                        "send",
                        "interaction");
                pending.originalMessageId(sent.getId());
            } else {
                sent = complete(
                        pending.hook
                                .sendMessage(text)
                                .setComponents(rows)
                                .setAllowedMentions(NO_MENTIONS)
                                .mentionRepliedUser(false),
                        "send",
                        "interaction");
            }
            interactions.sent(pending, sent.getId());
            var interaction = pending.hook.getInteraction();
            return ref(sent, interaction.getChannelType() == ChannelType.PRIVATE ? interaction.getUser() : null);
        }
    }

    /** Replaces the text; the message keeps no buttons, as a Telegram edit without a keyboard does. */
    void edit(MessageRef message, String markdown) {
        edit(message, markdown, List.of());
    }

    void edit(MessageRef message, String markdown, List<MessageAction> actions) {
        String text = fit(markdown);
        List<ActionRow> rows = rows(actions);
        DiscordInteractions.Pending pending = interactions.byMessage(message.messageId());
        if (pending != null) {
            var action = message.messageId().equals(pending.originalMessageId())
                    ? pending.hook.editOriginal(text)
                    : pending.hook.editMessageById(message.messageId(), text);
            complete(
                    action.setComponents(rows).setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false),
                    "edit",
                    "interaction");
        } else {
            String[] where = message.channelId().split(DM_RECIPIENT, 2);
            String channelId = where[0];
            DiscordShards current = connectedShards();
            MessageChannel channel = current.channel(channelId);
            if (channel == null && where.length != 2) {
                throw PlatformException.gone(
                        "Discord channel " + channelId + " is unknown or not visible to the bot", null);
            }
            write(
                    channel,
                    channelId,
                    null,
                    "edit",
                    false,
                    () -> channel != null
                            ? editIn(channel, message.messageId(), text, rows)
                            // a DM this process has not seen yet: Discord hands out the same DM channel for the user
                            // again
                            : current.openDm(where[1]).flatMap(dm -> editIn(dm, message.messageId(), text, rows)));
        }
    }

    private static RestAction<Message> editIn(
            MessageChannel channel, String messageId, String text, List<ActionRow> rows) {
        return channel.editMessageById(messageId, text)
                .setComponents(rows)
                .setAllowedMentions(NO_MENTIONS)
                .mentionRepliedUser(false);
    }

    /** Takes a message's buttons away and leaves its text. */
    void clearActions(MessageRef message) {
        DiscordInteractions.Pending pending = interactions.byMessage(message.messageId());
        if (pending != null) {
            var action = message.messageId().equals(pending.originalMessageId())
                    ? pending.hook.editOriginalComponents(List.of())
                    : pending.hook.editMessageComponentsById(message.messageId(), List.of());
            complete(action, "edit", "interaction");
            return;
        }
        String[] where = message.channelId().split(DM_RECIPIENT, 2);
        DiscordShards current = connectedShards();
        MessageChannel channel = current.channel(where[0]);
        if (channel == null && where.length != 2) {
            throw PlatformException.gone("Discord channel " + where[0] + " is unknown or not visible to the bot", null);
        }
        write(
                channel,
                where[0],
                null,
                "edit",
                false,
                () -> channel != null
                        ? channel.editMessageComponentsById(message.messageId(), List.of())
                        : current.openDm(where[1])
                                .flatMap(dm -> dm.editMessageComponentsById(message.messageId(), List.of())));
    }

    /** One action row of at most five buttons; labels cut to Discord's 80 characters. */
    static List<ActionRow> rows(List<MessageAction> actions) {
        if (actions.isEmpty()) {
            return List.of();
        }
        List<Button> buttons = actions.stream()
                .limit(MAX_BUTTONS)
                .map(action -> action.kind() == MessageAction.Kind.STOP
                        ? Button.danger(action.id(), label(action.label()))
                        : Button.secondary(action.id(), label(action.label())))
                .toList();
        return List.of(ActionRow.of(buttons));
    }

    private static String label(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return Cut.withEllipsis(flat, Button.LABEL_MAX_LENGTH);
    }

    /** The reference of a sent message; in a DM it also names the recipient (see the class comment). */
    private static MessageRef ref(Message sent, User dmRecipient) {
        String channel =
                dmRecipient == null ? sent.getChannelId() : sent.getChannelId() + DM_RECIPIENT + dmRecipient.getId();
        return new MessageRef(channel, sent.getId());
    }

    void typing(ReplyTarget target) {
        if (target.handle() != null && interactions.byHandle(target.handle()) != null) {
            return; // a deferred interaction already shows "thinking…"
        }
        try {
            // cosmetic: sent only when the global budget has a free slot (DiscordGlobalGate)
            channel(destination(target))
                    .sendTyping()
                    .queue(null, e -> LOG.debug("typing in {} failed: {}", destination(target), e.toString()));
        } catch (PlatformException | InsufficientPermissionException e) {
            LOG.debug("typing in {} not possible: {}", destination(target), e.getMessage());
        }
    }

    /** A thread is its own channel on Discord; replies go there when the target has one. */
    static String destination(ReplyTarget target) {
        return target.threadId() != null ? target.threadId() : target.channelId();
    }

    private DiscordShards connectedShards() {
        DiscordShards current = shards.get();
        if (current == null) {
            throw PlatformException.failed("Discord is not connected", null);
        }
        return current;
    }

    MessageChannel channel(String id) {
        MessageChannel channel = connectedShards().channel(id);
        if (channel == null) {
            throw PlatformException.gone("Discord channel " + id + " is unknown or not visible to the bot", null);
        }
        return channel;
    }

    /** Text that is not from the core (help, confirmations) cut to Discord's limit. */
    static String fitted(String markdown) {
        return fit(markdown);
    }

    /** The core cuts at {@link #MAX_LENGTH}; this only guards against a caller that did not. */
    private static String fit(String markdown) {
        if (markdown.length() <= MAX_LENGTH) {
            return markdown;
        }
        LOG.warn("message of {} characters cut to Discord's {} limit", markdown.length(), MAX_LENGTH);
        return markdown.substring(0, MAX_LENGTH);
    }

    /**
     * Builds and performs a write into {@code channel} (null: a DM not yet opened), blocking until Discord
     * answered. Building is inside: JDA checks the cached permissions there and throws before any request. A
     * missing permission becomes a {@linkplain DiscordRefusals refusal} (logged once per channel, the asker in
     * {@code target} told, permanent for the core); without Embed Links, a write of {@code embeds} only fails.
     */
    <T> T write(
            MessageChannel channel,
            String channelId,
            ReplyTarget target,
            String operation,
            boolean embeds,
            Supplier<? extends RestAction<T>> action) {
        try {
            return action.get().complete();
        } catch (InsufficientPermissionException | ErrorResponseException e) {
            Permission missing = DiscordRefusals.missing(e, channel, embeds);
            if (missing == null) {
                throw failure(e, operation, channelId);
            }
            if (embeds && missing == Permission.MESSAGE_EMBED_LINKS) {
                refusals.workedAround(channel, channelId, missing, "pictures stay links in the answers");
                throw PlatformException.failed(
                        "Discord " + operation + " in " + channelId + ": missing permission " + missing.getName(), e);
            }
            throw refusals.refused(e, missing, operation, channel, channelId, target);
        } catch (RuntimeException e) {
            throw failure(e, operation, channelId);
        }
    }

    /** A write through an interaction's webhook, which Discord lets through whatever the channel's permissions. */
    static <T> T complete(RestAction<T> action, String operation, String where) {
        try {
            return action.complete();
        } catch (RuntimeException e) {
            throw failure(e, operation, where);
        }
    }

    private static PlatformException failure(RuntimeException failure, String operation, String where) {
        if (failure instanceof PlatformException e) {
            return e;
        }
        if (failure instanceof InsufficientPermissionException e) {
            return PlatformException.gone(
                    "Discord " + operation + " in " + where + ": missing permission "
                            + e.getPermission().getName(),
                    e);
        }
        if (failure instanceof ErrorResponseException e) {
            if (e.getErrorResponse() == ErrorResponse.UNKNOWN_MESSAGE) {
                // the message was deleted; its channel is still writable, so the reply goes on in a new one
                return PlatformException.messageGone(
                        "Discord " + operation + " in " + where + ": "
                                + e.getErrorResponse().getMeaning(),
                        e);
            }
            if (GONE.contains(e.getErrorResponse())) {
                return PlatformException.gone(
                        "Discord " + operation + " in " + where + ": "
                                + e.getErrorResponse().getMeaning(),
                        e);
            }
            return PlatformException.failed(
                    "Discord " + operation + " in " + where + " failed: " + e.getErrorCode() + " " + e.getMeaning(), e);
        }
        return PlatformException.failed("Discord " + operation + " in " + where + " failed: " + failure, failure);
    }
}
