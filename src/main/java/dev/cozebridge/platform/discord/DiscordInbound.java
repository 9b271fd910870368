package dev.cozebridge.platform.discord;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Cut;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.Quote;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.InboundSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageType;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.message.GenericMessageEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns gateway messages into {@link InboundMessage}s. Runs on JDA's gateway thread, so it only converts and
 * hands off: the sink returns at once and thread creation is queued asynchronously.
 *
 * <p>In guild channels the bot answers a user mention of itself (not {@code @everyone}, {@code @here} or a role)
 * and a reply to one of its own messages; in threads it started for a conversation it answers everything. In DMs
 * it answers everything. A channel, each thread and each DM is its own conversation (with
 * {@code conversation.scope: user}, each person's in a guild channel). Attachments go with the question; a reply
 * to someone else's message carries that message as a quote; an edited message (MESSAGE_UPDATE) is handed on as
 * an edit. A DM conversation that is new is greeted with the Coze bot's prologue first.
 */
final class DiscordInbound extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordInbound.class);
    static final String PLATFORM = "discord";
    private static final int MAX_THREAD_NAME = 80;
    private static final String IN_CHANNEL = "thread_per_conversation answers in the channel instead";

    private final String bot;
    private final Catalog catalog;
    private final boolean threadPerConversation;
    private final Supplier<InboundSink> sink;
    private final DiscordOutbound outbound;
    private final DiscordRefusals refusals;
    private final AtomicBoolean contentWarningGiven = new AtomicBoolean();
    private final BotSettings.Scope scope;
    /** DM channels whose greeting was already considered in this process (the core checks it is new). */
    private final Set<String> greetedDms = ConcurrentHashMap.newKeySet();

    DiscordInbound(
            String bot,
            Catalog catalog,
            boolean threadPerConversation,
            BotSettings.Scope scope,
            Supplier<InboundSink> sink,
            DiscordOutbound outbound,
            DiscordRefusals refusals) {
        this.catalog = catalog;
        this.scope = scope;
        this.bot = bot;
        this.threadPerConversation = threadPerConversation;
        this.sink = sink;
        this.outbound = outbound;
        this.refusals = refusals;
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent event) {
        take(event, event.getMessage(), false);
    }

    /** Discord sends MESSAGE_UPDATE for every change (an embed unfurling too); the core re-asks only new text. */
    @Override
    public void onMessageUpdate(MessageUpdateEvent event) {
        take(event, event.getMessage(), true);
    }

    private void take(GenericMessageEvent event, Message message, boolean edited) {
        User author = message.getAuthor();
        if (author.isBot()
                || author.isSystem()
                || message.isWebhookMessage()
                || (message.getType() != MessageType.DEFAULT && message.getType() != MessageType.INLINE_REPLY)) {
            return;
        }
        InboundSink target = sink.get();
        if (target == null) {
            return;
        }
        try {
            if (event.isFromGuild()) {
                guildMessage(event, message, target, edited);
            } else if (event.getChannelType() == ChannelType.PRIVATE) {
                String channelId = message.getChannelId();
                if (!edited && greetedDms.add(channelId)) {
                    target.welcome(
                            new ConversationKey(bot, PLATFORM, channelId),
                            new ReplyTarget(channelId, null, null, null, true),
                            new Author(author.getId(), displayName(message)),
                            true);
                }
                deliver(
                        target,
                        message,
                        channelId,
                        new ReplyTarget(channelId, null, message.getId(), asker(message), true),
                        false,
                        List.of(channelId),
                        edited);
            }
        } catch (RuntimeException e) {
            LOG.error("could not take Discord message {} in channel {}", message.getId(), message.getChannelId(), e);
        }
    }

    private void guildMessage(GenericMessageEvent event, Message message, InboundSink target, boolean edited) {
        long self = event.getJDA().getSelfUser().getIdLong();
        String guildId = event.getGuild().getId();
        boolean mentioned = message.getMentions().isMentioned(event.getJDA().getSelfUser(), Message.MentionType.USER);
        Message referenced = message.getReferencedMessage();
        boolean replyToBot = referenced != null && referenced.getAuthor().getIdLong() == self;
        if (event.getChannel() instanceof ThreadChannel thread) {
            boolean botThread = threadPerConversation && thread.getOwnerIdLong() == self;
            if (!mentioned && !replyToBot && !botThread) {
                return;
            }
            if (warnIfContentWithheld(message)) {
                return;
            }
            String parent = thread.getParentChannel().getId();
            deliver(
                    target,
                    message,
                    thread.getId(),
                    new ReplyTarget(parent, thread.getId(), message.getId(), asker(message), false),
                    true,
                    List.of(thread.getId(), parent, guildId),
                    edited);
            return;
        }
        if (!mentioned && !replyToBot) {
            return;
        }
        if (warnIfContentWithheld(message)) {
            return;
        }
        String channelId = message.getChannelId();
        boolean threadable =
                message.getChannelType() == ChannelType.TEXT || message.getChannelType() == ChannelType.NEWS;
        if (edited && threadPerConversation && message.getStartedThread() != null) {
            // the conversation this message began lives in its thread
            deliverInThread(
                    target, message, channelId, message.getStartedThread().getId(), guildId, true);
            return;
        }
        boolean asks = !text(message).isBlank() || !message.getAttachments().isEmpty();
        if (!edited && threadPerConversation && !replyToBot && threadable && asks) {
            // no thread for someone the access lists turn away: the core would not answer in it
            if (target.allowed(
                    bot, new Author(message.getAuthor().getId(), displayName(message)), List.of(channelId, guildId))) {
                startThread(message, target, channelId, guildId);
            }
            return;
        }
        deliver(
                target,
                message,
                channelId,
                new ReplyTarget(channelId, null, message.getId(), asker(message), false),
                true,
                List.of(channelId, guildId),
                edited);
    }

    /**
     * Opens a thread on the user's message and takes the conversation there (the thread is the scope). Without
     * the permission to open one (JDA's cached check throws at once; Discord may still answer 50013) the
     * question is answered in the channel, and the missing permission is logged once per channel.
     */
    private void startThread(Message message, InboundSink target, String channelId, String guildId) {
        ThreadChannel existing = message.getStartedThread();
        if (existing != null) { // a replayed event: the thread exists already
            deliverInThread(target, message, channelId, existing.getId(), guildId, false);
            return;
        }
        Runnable inChannel = () -> deliver(
                target,
                message,
                channelId,
                new ReplyTarget(channelId, null, message.getId(), asker(message), false),
                true,
                List.of(channelId, guildId),
                false);
        try {
            message.createThreadChannel(threadName(message))
                    .queue(
                            thread -> deliverInThread(target, message, channelId, thread.getId(), guildId, false),
                            failure -> {
                                if (failure instanceof ErrorResponseException e
                                        && e.getErrorResponse()
                                                == ErrorResponse.THREAD_WITH_THIS_MESSAGE_ALREADY_EXISTS) {
                                    // a thread started from a message has the message's id
                                    deliverInThread(target, message, channelId, message.getId(), guildId, false);
                                    return;
                                }
                                Permission missing = missingForThread(failure);
                                if (missing != null) {
                                    refusals.workedAround(message.getChannel(), channelId, missing, IN_CHANNEL);
                                } else {
                                    LOG.warn(
                                            "could not start a thread for Discord message {} in channel {}; "
                                                    + "answering in the channel: {}",
                                            message.getId(),
                                            channelId,
                                            failure.toString());
                                }
                                inChannel.run();
                            });
        } catch (InsufficientPermissionException e) {
            refusals.workedAround(message.getChannel(), channelId, e.getPermission(), IN_CHANNEL);
            inChannel.run();
        }
    }

    /** The permission Discord's refusal to open a thread is about, or null when it is about none. */
    private static Permission missingForThread(Throwable failure) {
        if (!(failure instanceof ErrorResponseException e)) {
            return null;
        }
        return switch (e.getErrorResponse()) {
            case MISSING_ACCESS -> Permission.VIEW_CHANNEL;
            case MISSING_PERMISSIONS -> Permission.CREATE_PUBLIC_THREADS;
            default -> null;
        };
    }

    private void deliverInThread(
            InboundSink target, Message message, String channelId, String threadId, String guildId, boolean edited) {
        deliver(
                target,
                message,
                threadId,
                new ReplyTarget(channelId, threadId, null, asker(message), false),
                true,
                List.of(threadId, channelId, guildId),
                edited);
    }

    private String threadName(Message message) {
        String text = text(message).replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            text = catalog.get(Text.THREAD_NAME, displayName(message));
        }
        return Cut.withEllipsis(text, MAX_THREAD_NAME);
    }

    private void deliver(
            InboundSink target,
            Message message,
            String place,
            ReplyTarget replyTarget,
            boolean multiUser,
            List<String> places,
            boolean edited) {
        String text = text(message);
        Author author = new Author(message.getAuthor().getId(), displayName(message));
        ConversationKey key = new ConversationKey(bot, PLATFORM, place);
        if (scope == BotSettings.Scope.USER && multiUser) {
            key = key.perAuthor(author.id());
        }
        InboundMessage inbound = new InboundMessage(
                key,
                message.getId(),
                author,
                text,
                replyTarget,
                multiUser,
                message.getTimeCreated().toInstant(),
                places,
                DiscordMedia.attachments(message),
                quote(message),
                edited,
                null);
        InboundSink.Acceptance acceptance = target.accept(inbound);
        LOG.debug("Discord message {}{} in {} → {}", message.getId(), edited ? " (edited)" : "", key, acceptance);
    }

    /** Who asked: told in a DM should the answer be refused for want of a permission. */
    private static String asker(Message message) {
        return DiscordRefusals.askedBy(message.getAuthor().getId(), message.getId());
    }

    /** The message replied to, unless it is the bot's own answer (which the history holds already). */
    private Quote quote(Message message) {
        Message referenced = message.getReferencedMessage();
        if (referenced == null
                || referenced.getAuthor().getIdLong()
                        == message.getJDA().getSelfUser().getIdLong()) {
            return null;
        }
        return DiscordMedia.quote(referenced, displayName(referenced), text(referenced));
    }

    private static String displayName(Message message) {
        return message.getMember() != null
                ? message.getMember().getEffectiveName()
                : message.getAuthor().getEffectiveName();
    }

    /**
     * The raw text without the bot's own mention; other user mentions become readable names for Coze. A sticker
     * sent alone is asked by its name, as Telegram's by its emoji: a person who sends one expects an answer, not
     * the no-text hint (Discord gives a sticker only its id, name and format in a message).
     */
    private String text(Message message) {
        String text = writtenText(message);
        if (text.isEmpty()
                && message.getAttachments().isEmpty()
                && !message.getStickers().isEmpty()) {
            return message.getStickers().stream()
                    .map(sticker -> catalog.get(Text.MEDIA_STICKER, sticker.getName()))
                    .collect(Collectors.joining(" "));
        }
        return text;
    }

    private static String writtenText(Message message) {
        String selfId = message.getJDA().getSelfUser().getId();
        String text = message.getContentRaw().replaceAll("<@!?" + Pattern.quote(selfId) + ">", " ");
        List<User> users = new ArrayList<>(message.getMentions().getUsers());
        for (User user : users) {
            if (!user.getId().equals(selfId)) {
                String name = message.getGuild() != null && message.getGuild().getMember(user) != null
                        ? message.getGuild().getMember(user).getEffectiveName()
                        : user.getEffectiveName();
                text = text.replaceAll("<@!?" + user.getId() + ">", Matcher.quoteReplacement("@" + name));
            }
        }
        return text.strip().replaceAll("[ \\t]{2,}", " ");
    }

    /**
     * Without the MESSAGE_CONTENT intent Discord blanks guild messages that do not mention the bot, such as replies
     * to it without a ping. Say once, clearly, where to turn the intent on.
     */
    private boolean warnIfContentWithheld(Message message) {
        boolean blank = message.getContentRaw().isEmpty()
                && message.getAttachments().isEmpty()
                && message.getEmbeds().isEmpty()
                && message.getStickers().isEmpty()
                && message.getPoll() == null;
        if (blank && contentWarningGiven.compareAndSet(false, true)) {
            LOG.warn(
                    "Discord delivered a message to bot {} without its text: the Message Content intent is not "
                            + "granted. Turn it on in the Discord Developer Portal → your application → Bot → Privileged "
                            + "Gateway Intents → Message Content. Until then only mentions and DMs carry text.",
                    bot);
        }
        return blank;
    }
}
