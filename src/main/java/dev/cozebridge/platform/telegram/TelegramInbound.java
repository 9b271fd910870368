package dev.cozebridge.platform.telegram;

import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.command.Shortcuts;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.Quote;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.ButtonPress;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.store.PlatformStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.ExternalReplyInfo;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.messageorigin.MessageOriginChannel;
import org.telegram.telegrambots.meta.api.objects.messageorigin.MessageOriginChat;
import org.telegram.telegrambots.meta.api.objects.messageorigin.MessageOriginHiddenUser;
import org.telegram.telegrambots.meta.api.objects.messageorigin.MessageOriginUser;

/**
 * Turns updates into {@link InboundMessage}s, commands and button presses. Runs on TelegramBots' poll thread, so it
 * only converts and hands off: messages and presses go straight to the (fast) sink, commands to a virtual thread,
 * album items to {@link TelegramAlbums}. Media messages carry their files as attachments (fetched later, on the
 * conversation's worker); a reply to someone's message carries that message as a quote; an edited message is
 * handed on as an edit; a Coze shortcut command carries the shortcut. The last handled update id is persisted, and
 * polling resumes after it, so a restart never answers an update twice.
 */
final class TelegramInbound implements LongPollingUpdateConsumer {

    private static final Logger log = LoggerFactory.getLogger(TelegramInbound.class);

    /** Who wrote a message: a person, or a chat speaking in a group (media-and-interactions §2.7). */
    enum Sender {
        PERSON,
        /** An administrator posting as the group itself: {@code sender_chat} is the group; always an admin. */
        ANONYMOUS_ADMIN,
        /** A channel: its automatic forwards into its discussion group, or someone posting as it; never an admin. */
        CHANNEL
    }

    /** Where a message came from, in the core's terms. */
    record Origin(
            ConversationKey key,
            Author author,
            ReplyTarget target,
            List<String> places,
            String platformMessageId,
            Instant receivedAt,
            Sender sender) {}

    private final String bot;
    private final InboundSink sink;
    private final TelegramAddressing addressing;
    private final TelegramCommands commands;
    private final TelegramCallbacks callbacks;
    private final Map<String, BotProfile.Shortcut> shortcuts;
    private final PlatformStateStore state;
    private final String offsetKey;
    private final AtomicLong confirmed;
    private final Clock clock;
    private final ExecutorService commandThreads;
    private final BotSettings.Scope scope;
    private final TelegramAlbums albums;
    private final TelegramMigrations migrations;

    TelegramInbound(
            String bot,
            InboundSink sink,
            TelegramAddressing addressing,
            TelegramCommands commands,
            TelegramCallbacks callbacks,
            Map<String, BotProfile.Shortcut> shortcuts,
            PlatformStateStore state,
            String offsetKey,
            long confirmed,
            Clock clock,
            ExecutorService commandThreads,
            BotSettings.Scope scope,
            Duration albumWindow,
            ScheduledExecutorService albumTimer,
            TelegramMigrations migrations) {
        this.bot = bot;
        this.sink = sink;
        this.addressing = addressing;
        this.commands = commands;
        this.callbacks = callbacks;
        this.shortcuts = Map.copyOf(shortcuts);
        this.state = state;
        this.offsetKey = offsetKey;
        this.confirmed = new AtomicLong(confirmed);
        this.clock = clock;
        this.commandThreads = commandThreads;
        this.scope = scope;
        this.albums = new TelegramAlbums(albumWindow, albumTimer, this::album);
        this.migrations = migrations;
    }

    /** The highest update id already handled; getUpdates asks for the ones after it. */
    long confirmed() {
        return confirmed.get();
    }

    @Override
    public void consume(List<Update> updates) {
        // An exception escaping here would cancel TelegramBots' polling task for good.
        long before = confirmed.get();
        long highest = before;
        for (Update update : updates) {
            long id = update.getUpdateId();
            if (id <= before) {
                continue;
            }
            try {
                handle(update);
            } catch (RuntimeException e) {
                log.error("Bot {} could not handle Telegram update {}", bot, id, e);
            }
            highest = Math.max(highest, id);
            confirmed.set(highest);
        }
        if (highest > before) {
            try {
                state.put(offsetKey, Long.toString(highest));
            } catch (RuntimeException e) {
                log.error(
                        "Bot {} could not store the Telegram update offset {}; a restart may see updates again",
                        bot,
                        highest,
                        e);
            }
        }
    }

    /**
     * One update pushed by a webhook: handled at once, without the polling offset (webhook deliveries may arrive
     * out of order; duplicates are dropped by the caller's delivery ledger). Returns once the message is handed to
     * the core, which stores it before it returns.
     */
    void deliver(Update update) {
        handle(update);
    }

    private void handle(Update update) {
        if (update.getCallbackQuery() != null) {
            ButtonPress press = callbacks.press(update.getCallbackQuery());
            if (press != null) {
                sink.press(press);
            }
            return;
        }
        boolean edited = update.getMessage() == null && update.getEditedMessage() != null;
        Message message = edited ? update.getEditedMessage() : update.getMessage();
        if (message != null && upgrade(message)) {
            return;
        }
        if (message == null || !fromSomeoneToAnswer(message)) {
            return;
        }
        if (message.getMediaGroupId() != null && !edited) {
            albums.add(message);
            return;
        }
        TelegramAddressing.Addressed addressed = addressing.analyse(message);
        if (addressed.kind() == TelegramAddressing.Kind.IGNORE) {
            return;
        }
        Origin origin = origin(message);
        if (addressed.kind() == TelegramAddressing.Kind.COMMAND) {
            if (!edited) {
                offload(origin, addressed);
            }
            return;
        }
        InboundMessage inbound;
        if (addressed.kind() == TelegramAddressing.Kind.SHORTCUT) {
            // Coze builds the question from the shortcut; Studio reads the text, so it goes as the user typed it
            String typed = ("/" + addressed.command() + " " + addressed.text()).strip();
            inbound = inbound(origin, typed, List.of(), null)
                    .withShortcut(Shortcuts.fromText(shortcuts.get(addressed.command()), addressed.text()));
        } else {
            inbound = inbound(origin, addressed.text(), TelegramMedia.attachments(message), quote(message));
        }
        deliver(edited ? inbound.asEdit() : inbound);
    }

    /**
     * People, and chats speaking in a group through {@code sender_chat}: then {@code from} is a stand-in
     * (GroupAnonymousBot, Channel_Bot, flagged as bots, or Telegram's 777000), not the author. Other bots are
     * ignored, so two bots in a group never answer each other.
     */
    private static boolean fromSomeoneToAnswer(Message message) {
        if (message.getSenderChat() != null) {
            return true;
        }
        return message.getFrom() != null
                && !Boolean.TRUE.equals(message.getFrom().getIsBot());
    }

    /**
     * The service messages of a group's upgrade to a supergroup: one in the old chat names the new id, one in the
     * new chat the old id. Handled here on the poll thread, before the next update, so the supergroup's first
     * question already finds the group's history.
     */
    private boolean upgrade(Message message) {
        if (message.getMigrateToChatId() != null) {
            migrations.upgraded(message.getChatId(), message.getMigrateToChatId());
            return true;
        }
        if (message.getMigrateFromChatId() != null) {
            migrations.upgraded(message.getMigrateFromChatId(), message.getChatId());
            return true;
        }
        return false;
    }

    /**
     * A complete album: one question with every item's file, asked when any item addresses the bot. Its id is the
     * captioned item's (else the first item's), so editing the caption, or adding one, edits the question.
     */
    private void album(List<Message> items) {
        Message asking = null;
        String text = null;
        List<Attachment> files = new ArrayList<>();
        for (Message item : items) {
            files.addAll(TelegramMedia.attachments(item));
            TelegramAddressing.Addressed addressed = addressing.analyse(item);
            // the first item with words; without any, the first item, where Telegram apps put a caption added later
            if (addressed.kind() == TelegramAddressing.Kind.ASK
                    && (asking == null || (text.isBlank() && !addressed.text().isBlank()))) {
                asking = item;
                text = addressed.text();
            }
        }
        if (asking == null) {
            return;
        }
        Origin first = origin(items.getFirst());
        Origin captioned = origin(asking);
        Origin origin = new Origin(
                first.key(),
                first.author(),
                first.target(),
                first.places(),
                captioned.platformMessageId(),
                first.receivedAt(),
                first.sender());
        deliver(inbound(origin, text, files, quote(items.getFirst())));
    }

    private InboundMessage inbound(Origin origin, String text, List<Attachment> files, Quote quote) {
        return new InboundMessage(
                origin.key(),
                origin.platformMessageId(),
                origin.author(),
                text,
                origin.target(),
                !origin.target().privateChat(),
                origin.receivedAt(),
                origin.places(),
                files,
                quote,
                false,
                null);
    }

    private void deliver(InboundMessage inbound) {
        InboundSink.Acceptance acceptance = sink.accept(inbound);
        log.debug(
                "Telegram message {}{} in {} was {}",
                inbound.platformMessageId(),
                inbound.edited() ? " (edited)" : "",
                inbound.key(),
                acceptance);
    }

    /**
     * The message this one replies to, as a quote: the part the user quoted, else its whole text or caption, and
     * its picture. A plain reply to the bot's own answer is no quote (that answer is in the history already).
     */
    private Quote quote(Message message) {
        Message replied = addressing.repliedTo(message);
        if (replied == null) {
            return message.getExternalReplyInfo() == null ? null : externalQuote(message);
        }
        String quoted = message.getQuote() != null ? message.getQuote().getText() : null;
        if (quoted == null && addressing.fromBot(replied)) {
            return null;
        }
        if (quoted == null) {
            quoted = replied.getText() != null ? replied.getText() : replied.getCaption();
        }
        List<Attachment> images = replied.hasPhoto() ? List.of(TelegramMedia.photo(replied.getPhoto())) : List.of();
        String author = replied.getFrom() != null ? displayName(replied.getFrom()) : "?";
        if (replied.getSenderChat() != null && replied.getSenderChat().getTitle() != null) {
            author = replied.getSenderChat().getTitle();
        }
        Quote quote = new Quote(author, quoted, images);
        return quote.isEmpty() ? null : quote;
    }

    /**
     * A reply to a message of another chat or topic ({@code external_reply}): Telegram sends its author and media
     * but not its text, so the words are the part the user quoted, when they quoted one, and its picture.
     */
    private static Quote externalQuote(Message message) {
        ExternalReplyInfo external = message.getExternalReplyInfo();
        String quoted = message.getQuote() != null ? message.getQuote().getText() : null;
        List<Attachment> images =
                external.getPhoto() == null || external.getPhoto().isEmpty()
                        ? List.of()
                        : List.of(TelegramMedia.photo(external.getPhoto()));
        String author = switch (external.getOrigin()) {
            case MessageOriginUser user when user.getSenderUser() != null -> displayName(user.getSenderUser());
            case MessageOriginHiddenUser hidden when hidden.getSenderUserName() != null -> hidden.getSenderUserName();
            case MessageOriginChat chat when chat.getSenderChat() != null -> chatName(chat.getSenderChat());
            case MessageOriginChannel channel when channel.getChat() != null -> chatName(channel.getChat());
            case null, default -> external.getChat() != null ? chatName(external.getChat()) : "?";
        };
        Quote quote = new Quote(author, quoted, images);
        return quote.isEmpty() ? null : quote;
    }

    private void offload(Origin origin, TelegramAddressing.Addressed addressed) {
        try {
            commandThreads.execute(() -> {
                try {
                    if (!sink.allowed(bot, origin.author(), origin.places())) {
                        return;
                    }
                    commands.handle(origin, addressed.command(), sink);
                } catch (RuntimeException e) {
                    log.error("Bot {} failed on a command in {}", bot, origin.key(), e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            log.debug("Bot {} is stopping; command in {} dropped", bot, origin.key());
        }
    }

    private Origin origin(Message message) {
        long chatId = message.getChatId();
        boolean privateChat = "private".equals(message.getChat().getType());
        Integer topic = message.isTopicMessage() ? message.getMessageThreadId() : null;
        String place = topic == null ? Long.toString(chatId) : chatId + ":" + topic;
        Sender sender = sender(message);
        Author author = switch (sender) {
            case PERSON -> new Author(Long.toString(message.getFrom().getId()), displayName(message.getFrom()));
            // anonymous admins share the group's identity (getChatMember cannot resolve them); their custom
            // title, when set, is the closest to a name
            case ANONYMOUS_ADMIN ->
                new Author(
                        Long.toString(message.getSenderChat().getId()),
                        message.getAuthorSignature() != null
                                ? message.getAuthorSignature()
                                : chatName(message.getSenderChat()));
            case CHANNEL ->
                new Author(Long.toString(message.getSenderChat().getId()), chatName(message.getSenderChat()));
        };
        ReplyTarget target = new ReplyTarget(
                Long.toString(chatId),
                topic == null ? null : topic.toString(),
                message.getMessageId().toString(),
                null,
                privateChat);
        Instant at = message.getDate() == null ? clock.instant() : Instant.ofEpochSecond(message.getDate());
        ConversationKey key = new ConversationKey(bot, "telegram", place);
        if (scope == BotSettings.Scope.USER && !privateChat) {
            key = key.perAuthor(author.id());
        }
        return new Origin(
                key,
                author,
                target,
                migrations.places(chatId, message.getChat().getType()),
                chatId + ":" + message.getMessageId(),
                at,
                sender);
    }

    private static Sender sender(Message message) {
        Chat chat = message.getSenderChat();
        if (chat == null) {
            return Sender.PERSON;
        }
        return chat.getId().equals(message.getChatId()) ? Sender.ANONYMOUS_ADMIN : Sender.CHANNEL;
    }

    private static String chatName(Chat chat) {
        if (chat.getTitle() != null && !chat.getTitle().isBlank()) {
            return chat.getTitle();
        }
        return chat.getUserName() != null ? chat.getUserName() : Long.toString(chat.getId());
    }

    static String displayName(User user) {
        String first = user.getFirstName() == null ? "" : user.getFirstName();
        String last = user.getLastName() == null ? "" : user.getLastName();
        String name = (first + " " + last).strip();
        if (!name.isEmpty()) {
            return name;
        }
        return user.getUserName() != null ? user.getUserName() : Long.toString(user.getId());
    }
}
