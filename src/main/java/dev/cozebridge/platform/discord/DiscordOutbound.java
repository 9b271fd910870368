package dev.cozebridge.platform.discord;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.MessageAction;
import dev.cozebridge.platform.PlatformException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import net.dv8tion.jda.internal.requests.RestActionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends, edits (with an action row of buttons), typing. Every message carries empty allowed mentions, so nothing Coze writes can ping
 * {@code @everyone}, {@code @here}, a role or a user; replies quote the user's message without pinging them.
 * JDA paces each bucket from Discord's headers and retries a 429 itself, so calls here simply block until done.
 */
final class DiscordOutbound {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordOutbound.class);
    private static final String PLATFORM = "discord";
    static final int MAX_LENGTH = Message.MAX_CONTENT_LENGTH;
    /** One action row holds five buttons. */
    static final int MAX_BUTTONS = 5;
    /** Nothing may be pinged. */
    static final Set<Message.MentionType> NO_MENTIONS = EnumSet.noneOf(Message.MentionType.class);

    private static final Set<ErrorResponse> GONE = EnumSet.of(
            ErrorResponse.UNKNOWN_CHANNEL,
            ErrorResponse.UNKNOWN_MESSAGE,
            ErrorResponse.MISSING_ACCESS,
            ErrorResponse.MISSING_PERMISSIONS,
            ErrorResponse.UNKNOWN_WEBHOOK,
            ErrorResponse.UNKNOWN_INTERACTION,
            ErrorResponse.CANNOT_SEND_TO_USER,
            ErrorResponse.THREAD_LOCKED,
            ErrorResponse.UNKNOWN_USER,
            ErrorResponse.INVALID_AUTHOR_EDIT);

    private final Supplier<JDA> jda;
    private final DiscordInteractions interactions;
    private final BridgeMetrics metrics;

    DiscordOutbound(Supplier<JDA> jda, DiscordInteractions interactions, BridgeMetrics metrics) {
        this.jda = jda;
        this.interactions = interactions;
        this.metrics = metrics;
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
        MessageChannel channel = channel(destination(target));
        var action = channel.sendMessage(text)
                .setComponents(rows)
                .setAllowedMentions(NO_MENTIONS)
                .mentionRepliedUser(false);
        if (target.replyToMessageId() != null) {
            // a deleted question should not lose the answer: post it without the quote then
            action = action.setMessageReference(target.replyToMessageId()).failOnInvalidReply(false);
        }
        Message sent = complete(action, "send", destination(target));
        metrics.platformWrite(PLATFORM, "send");
        return new MessageRef(sent.getChannelId(), sent.getId());
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
            metrics.platformWrite(PLATFORM, "send");
            return new MessageRef(sent.getChannelId(), sent.getId());
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
            JDA current = connectedJda();
            MessageChannel channel = current.getChannelById(MessageChannel.class, message.channelId());
            if (channel != null) {
                complete(
                        channel.editMessageById(message.messageId(), text)
                                .setComponents(rows)
                                .setAllowedMentions(NO_MENTIONS)
                                .mentionRepliedUser(false),
                        "edit",
                        message.channelId());
            } else {
                editUncached(
                        current,
                        message,
                        new MessageEditBuilder()
                                .setContent(text)
                                .setComponents(rows)
                                .setAllowedMentions(NO_MENTIONS)
                                .mentionRepliedUser(false)
                                .build());
            }
        }
        metrics.platformWrite(PLATFORM, "edit");
    }

    /** Takes a message's buttons away and leaves its text. */
    void clearActions(MessageRef message) {
        DiscordInteractions.Pending pending = interactions.byMessage(message.messageId());
        if (pending != null) {
            var action = message.messageId().equals(pending.originalMessageId())
                    ? pending.hook.editOriginalComponents(List.of())
                    : pending.hook.editMessageComponentsById(message.messageId(), List.of());
            complete(action, "edit", "interaction");
        } else {
            JDA current = connectedJda();
            MessageChannel channel = current.getChannelById(MessageChannel.class, message.channelId());
            if (channel != null) {
                complete(
                        channel.editMessageComponentsById(message.messageId(), List.of()), "edit", message.channelId());
            } else {
                editUncached(
                        current,
                        message,
                        new MessageEditBuilder().setComponents(List.of()).build());
            }
        }
        metrics.platformWrite(PLATFORM, "edit");
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
        return flat.length() <= Button.LABEL_MAX_LENGTH ? flat : flat.substring(0, Button.LABEL_MAX_LENGTH - 1) + "…";
    }

    void typing(ReplyTarget target) {
        if (target.handle() != null && interactions.byHandle(target.handle()) != null) {
            return; // a deferred interaction already shows "thinking…"
        }
        try {
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

    /**
     * JDA only knows DM channels it has seen since it connected, so after a restart the core's recovery edit of a
     * DM reply would find no channel. The route needs nothing but the two ids, so it goes out directly, through
     * the same rate limiter.
     */
    private void editUncached(JDA current, MessageRef message, MessageEditData data) {
        complete(
                new RestActionImpl<Void>(
                        current,
                        Route.Messages.EDIT_MESSAGE.compile(message.channelId(), message.messageId()),
                        data.toData()),
                "edit",
                message.channelId());
    }

    private JDA connectedJda() {
        JDA current = jda.get();
        if (current == null) {
            throw PlatformException.failed("Discord is not connected", null);
        }
        return current;
    }

    MessageChannel channel(String id) {
        MessageChannel channel = connectedJda().getChannelById(MessageChannel.class, id);
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

    static <T> T complete(RestAction<T> action, String operation, String where) {
        try {
            return action.complete();
        } catch (InsufficientPermissionException e) {
            throw PlatformException.gone(
                    "Discord " + operation + " in " + where + ": missing permission "
                            + e.getPermission().getName(),
                    e);
        } catch (ErrorResponseException e) {
            if (GONE.contains(e.getErrorResponse())) {
                throw PlatformException.gone(
                        "Discord " + operation + " in " + where + ": "
                                + e.getErrorResponse().getMeaning(),
                        e);
            }
            throw PlatformException.failed(
                    "Discord " + operation + " in " + where + " failed: " + e.getErrorCode() + " " + e.getMeaning(), e);
        } catch (RuntimeException e) {
            throw PlatformException.failed("Discord " + operation + " in " + where + " failed: " + e, e);
        }
    }
}
