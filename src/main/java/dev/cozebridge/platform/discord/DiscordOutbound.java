package dev.cozebridge.platform.discord;

import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.PlatformException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends, edits and typing. Every message carries empty allowed mentions, so nothing Coze writes can ping
 * {@code @everyone}, {@code @here}, a role or a user; replies quote the user's message without pinging them.
 * JDA paces each bucket from Discord's headers and retries a 429 itself, so calls here simply block until done.
 * Only the core calls {@link #send} and {@link #edit}, and the core counts those writes in the metrics, once.
 *
 * <p>A reply in a DM is referenced as {@code <channel id>@<recipient user id>}: JDA only knows the DM channels it
 * has seen since it connected, so after a restart it must open the DM again from the user before the core's
 * recovery edit can reach it.
 */
final class DiscordOutbound {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordOutbound.class);
    private static final String PLATFORM = "discord";
    static final int MAX_LENGTH = Message.MAX_CONTENT_LENGTH;
    /** Nothing may be pinged. */
    static final Set<Message.MentionType> NO_MENTIONS = EnumSet.noneOf(Message.MentionType.class);

    /** Separates a DM channel id from its recipient's user id in a {@link MessageRef}. */
    static final String DM_RECIPIENT = "@";

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

    DiscordOutbound(Supplier<JDA> jda, DiscordInteractions interactions) {
        this.jda = jda;
        this.interactions = interactions;
    }

    MessageRef send(ReplyTarget target, String markdown) {
        String text = fit(markdown);
        DiscordInteractions.Pending pending = interactions.byHandle(target.handle());
        if (pending != null) {
            return sendThroughHook(pending, text);
        }
        MessageChannel channel = channel(destination(target));
        var action = channel.sendMessage(text).setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false);
        if (target.replyToMessageId() != null) {
            // a deleted question should not lose the answer: post it without the quote then
            action = action.setMessageReference(target.replyToMessageId()).failOnInvalidReply(false);
        }
        Message sent = complete(action, "send", destination(target));
        User recipient = channel instanceof PrivateChannel dm ? dm.getUser() : null;
        return ref(sent, recipient);
    }

    private MessageRef sendThroughHook(DiscordInteractions.Pending pending, String text) {
        synchronized (pending) {
            Message sent;
            if (pending.originalMessageId() == null) {
                sent = complete(
                        pending.hook
                                .editOriginal(text)
                                .setAllowedMentions(NO_MENTIONS)
                                .mentionRepliedUser(false),
                        "send",
                        "interaction");
                pending.originalMessageId(sent.getId());
            } else {
                sent = complete(
                        pending.hook
                                .sendMessage(text)
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

    void edit(MessageRef message, String markdown) {
        String text = fit(markdown);
        DiscordInteractions.Pending pending = interactions.byMessage(message.messageId());
        if (pending != null) {
            var action = message.messageId().equals(pending.originalMessageId())
                    ? pending.hook.editOriginal(text)
                    : pending.hook.editMessageById(message.messageId(), text);
            complete(action.setAllowedMentions(NO_MENTIONS).mentionRepliedUser(false), "edit", "interaction");
        } else {
            String[] where = message.channelId().split(DM_RECIPIENT, 2);
            String channelId = where[0];
            JDA current = connectedJda();
            MessageChannel channel = current.getChannelById(MessageChannel.class, channelId);
            RestAction<Message> action;
            if (channel != null) {
                action = editIn(channel, message.messageId(), text);
            } else if (where.length == 2) {
                // a DM this process has not seen yet: Discord hands out the same DM channel for the user again
                action = current.openPrivateChannelById(where[1]).flatMap(dm -> editIn(dm, message.messageId(), text));
            } else {
                throw PlatformException.gone(
                        "Discord channel " + channelId + " is unknown or not visible to the bot", null);
            }
            complete(action, "edit", channelId);
        }
    }

    private static RestAction<Message> editIn(MessageChannel channel, String messageId, String text) {
        return channel.editMessageById(messageId, text)
                .setAllowedMentions(NO_MENTIONS)
                .mentionRepliedUser(false);
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

    private JDA connectedJda() {
        JDA current = jda.get();
        if (current == null) {
            throw PlatformException.failed("Discord is not connected", null);
        }
        return current;
    }

    private MessageChannel channel(String id) {
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

    private static <T> T complete(RestAction<T> action, String operation, String where) {
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
