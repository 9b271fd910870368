package dev.cozebridge.platform.telegram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Decides whether a message is for this bot and what it asks. Private chats: everything. Groups: a mention (in the
 * text, or in a photo's or file's caption: {@code @username} or a text_mention of the bot), a reply to one of the
 * bot's messages, {@code /ask}, or everything when configured. Commands addressed to another bot
 * ({@code /cmd@other_bot}) are never ours. The Coze bot's shortcut commands are recognised by name everywhere, like
 * {@code /ask}.
 */
final class TelegramAddressing {

    enum Kind {
        IGNORE,
        ASK,
        COMMAND,
        SHORTCUT
    }

    /**
     * @param command for COMMAND: {@code start}, {@code help}, {@code reset} or {@code stop}; for SHORTCUT its name
     * @param text    for ASK: the text with the bot's mention or the /ask command removed; for SHORTCUT the
     *                arguments after the command
     */
    record Addressed(Kind kind, String command, String text) {
        static final Addressed IGNORE = new Addressed(Kind.IGNORE, null, null);

        static Addressed ask(String text) {
            return new Addressed(Kind.ASK, null, text);
        }
    }

    private record Range(int start, int end) {}

    private final long botId;
    private final String botUsername;
    private final boolean answerAllGroupMessages;
    private final Set<String> shortcuts;

    TelegramAddressing(long botId, String botUsername, boolean answerAllGroupMessages) {
        this(botId, botUsername, answerAllGroupMessages, Set.of());
    }

    /** @param shortcuts the command names of the Coze bot's shortcuts */
    TelegramAddressing(long botId, String botUsername, boolean answerAllGroupMessages, Set<String> shortcuts) {
        this.botId = botId;
        this.botUsername = botUsername;
        this.answerAllGroupMessages = answerAllGroupMessages;
        this.shortcuts = Set.copyOf(shortcuts);
    }

    /**
     * Text messages by their text, media messages (photo, document, voice, ...) by their caption, which may be
     * absent, stickers by their emoji. What a person sends that the bridge cannot read (a location, contact, poll,
     * dice, sticker without emoji...) is asked with no text, so the core answers it with a hint instead of silence;
     * in a group only when it replies to the bot. Service messages (joins, pins...) are ignored.
     */
    Addressed analyse(Message message) {
        String text = message.getText();
        List<MessageEntity> entities = message.getEntities();
        boolean unreadable = false;
        if (text == null && TelegramMedia.hasMedia(message)) {
            text = message.getCaption() == null ? "" : message.getCaption();
            entities = message.getCaptionEntities();
        } else if (text == null && message.hasSticker()) {
            // a sticker says what its emoji says (a sticker has no caption)
            String emoji = message.getSticker().getEmoji();
            unreadable = emoji == null || emoji.isBlank();
            text = unreadable ? "" : emoji;
        } else if (text == null && unreadableContent(message)) {
            unreadable = true;
            text = "";
        }
        if (text == null) {
            return Addressed.IGNORE;
        }
        entities = entities == null ? List.of() : entities;
        boolean privateChat = "private".equals(message.getChat().getType());
        MessageEntity command = entities.stream()
                .filter(e -> "bot_command".equals(e.getType()) && Objects.equals(e.getOffset(), 0))
                .findFirst()
                .orElse(null);
        if (command != null) {
            String token = text.substring(1, Math.min(text.length(), command.getLength()));
            int at = token.indexOf('@');
            String name = (at < 0 ? token : token.substring(0, at)).toLowerCase(Locale.ROOT);
            String target = at < 0 ? null : token.substring(at + 1);
            if (target != null && !target.equalsIgnoreCase(botUsername)) {
                return Addressed.IGNORE;
            }
            switch (name) {
                case "start", "help", "reset", "stop" -> {
                    return new Addressed(Kind.COMMAND, name, null);
                }
                case "ask" -> {
                    List<Range> cut = new ArrayList<>(mentionsOfBot(entities, text));
                    cut.add(new Range(0, command.getLength()));
                    return Addressed.ask(remove(text, cut));
                }
                default -> {
                    if (shortcuts.contains(name)) {
                        List<Range> cut = new ArrayList<>(mentionsOfBot(entities, text));
                        cut.add(new Range(0, command.getLength()));
                        return new Addressed(Kind.SHORTCUT, name, remove(text, cut));
                    }
                    if (target != null) {
                        // "/other@this_bot": addressed to us, so Coze gets it as it is, minus our name.
                        return Addressed.ask(text.substring(0, 1 + at) + text.substring(command.getLength()));
                    }
                }
            }
        }
        if (privateChat) {
            return Addressed.ask(text.strip());
        }
        if (unreadable) {
            // with answer_all_group_messages every location or dice of a group would get a hint: only a reply to
            // the bot is surely meant for it
            return repliesToBot(message) ? Addressed.ask("") : Addressed.IGNORE;
        }
        List<Range> mentions = mentionsOfBot(entities, text);
        boolean addressed = answerAllGroupMessages || !mentions.isEmpty() || repliesToBot(message);
        return addressed ? Addressed.ask(remove(text, mentions)) : Addressed.IGNORE;
    }

    /** Content a person sent that has no text, caption or file the bridge can pass to Coze. */
    private static boolean unreadableContent(Message m) {
        return m.hasLocation()
                || m.getVenue() != null
                || m.hasContact()
                || m.hasPoll()
                || m.hasDice()
                || m.hasGame()
                || m.hasStory()
                || m.hasPaidMedia()
                || m.hasInvoice();
    }

    private List<Range> mentionsOfBot(List<MessageEntity> entities, String text) {
        List<Range> ranges = new ArrayList<>();
        for (MessageEntity e : entities) {
            int start = e.getOffset();
            int end = Math.min(text.length(), start + e.getLength());
            if (start < 0 || start >= end) {
                continue;
            }
            boolean ours = switch (e.getType()) {
                case "mention" -> text.substring(start, end).equalsIgnoreCase("@" + botUsername);
                case "text_mention" -> e.getUser() != null && e.getUser().getId() == botId;
                default -> false;
            };
            if (ours) {
                ranges.add(new Range(start, end));
            }
        }
        return ranges;
    }

    /** Whether the bot itself wrote {@code message}. */
    boolean fromBot(Message message) {
        return message.getFrom() != null && message.getFrom().getId() == botId;
    }

    /**
     * The message {@code message} replies to, when that is a real reply: in a forum topic the implicit reply to the
     * topic's first message does not count.
     */
    Message repliedTo(Message message) {
        Message replied = message.getReplyToMessage();
        if (replied == null
                || (message.isTopicMessage() && Objects.equals(replied.getMessageId(), message.getMessageThreadId()))) {
            return null;
        }
        return replied;
    }

    /** A reply to the bot; in a forum topic the implicit reply to the topic's first message does not count. */
    private boolean repliesToBot(Message message) {
        Message replied = message.getReplyToMessage();
        if (replied == null || replied.getFrom() == null || replied.getFrom().getId() != botId) {
            return false;
        }
        return !(message.isTopicMessage() && Objects.equals(replied.getMessageId(), message.getMessageThreadId()));
    }

    /** Removes the ranges and one adjoining space each, keeping the rest of the text as typed. */
    private static String remove(String text, List<Range> ranges) {
        StringBuilder b = new StringBuilder(text);
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(Range::start).reversed());
        for (Range r : sorted) {
            int start = r.start();
            int end = r.end();
            if (end < b.length() && b.charAt(end) == ' ') {
                end++;
            } else if (start > 0 && b.charAt(start - 1) == ' ') {
                start--;
            }
            b.delete(start, end);
            if (start == 0) {
                // "@bot, explain" addresses the bot; the comma belongs to the address, not the question.
                while (!b.isEmpty() && (b.charAt(0) == ',' || b.charAt(0) == ':' || b.charAt(0) == ' ')) {
                    b.deleteCharAt(0);
                }
            }
        }
        return b.toString().strip();
    }
}
