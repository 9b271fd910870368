package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Addressing rules on messages as Telegram sends them (JSON read by TelegramBots' own model). */
class TelegramAddressingTest {

    private static final long BOT = 123456789L;
    private final ObjectMapper json = new ObjectMapper();
    private final TelegramAddressing addressing = new TelegramAddressing(BOT, "proto_bot", false);

    private Message message(String chatType, String text, String entities, String extra) throws Exception {
        String chat = chatType.equals("private")
                ? "{\"id\":555,\"type\":\"private\",\"first_name\":\"Alice\"}"
                : "{\"id\":-100,\"type\":\"" + chatType + "\",\"title\":\"G\"}";
        return json.readValue(
                "{\"message_id\":5,\"date\":1795239000,\"from\":{\"id\":555,\"is_bot\":false,"
                        + "\"first_name\":\"Alice\"},\"chat\":" + chat + ",\"text\":" + json.writeValueAsString(text)
                        + ",\"entities\":[" + entities + "]" + extra + "}",
                Message.class);
    }

    private static String entity(String type, int offset, int length) {
        return "{\"type\":\"" + type + "\",\"offset\":" + offset + ",\"length\":" + length + "}";
    }

    @Test
    void privateChatTextIsAlwaysForTheBot() throws Exception {
        assertThat(addressing.analyse(message("private", " hello ", "", "")))
                .isEqualTo(TelegramAddressing.Addressed.ask("hello"));
    }

    @Test
    void groupMentionIsStrippedAndUnaddressedIsIgnored() throws Exception {
        assertThat(addressing
                        .analyse(message("supergroup", "hey @Proto_Bot what is up?", entity("mention", 4, 10), ""))
                        .text())
                .isEqualTo("hey what is up?");
        assertThat(addressing
                        .analyse(message("group", "@proto_bot, explain", entity("mention", 0, 10), ""))
                        .text())
                .isEqualTo("explain");
        assertThat(addressing
                        .analyse(message("group", "talking to @someone_else", entity("mention", 11, 13), ""))
                        .kind())
                .isEqualTo(TelegramAddressing.Kind.IGNORE);
        assertThat(new TelegramAddressing(BOT, "proto_bot", true)
                        .analyse(message("group", "anything", "", ""))
                        .text())
                .isEqualTo("anything");
    }

    @Test
    void textMentionOfTheBotCounts() throws Exception {
        String e = "{\"type\":\"text_mention\",\"offset\":0,\"length\":5,\"user\":{\"id\":" + BOT
                + ",\"is_bot\":true,\"first_name\":\"Proto\"}}";
        assertThat(addressing
                        .analyse(message("group", "Proto summarize", e, ""))
                        .text())
                .isEqualTo("summarize");
    }

    @Test
    void commands() throws Exception {
        assertThat(addressing
                        .analyse(message("group", "/ask@proto_bot why?", entity("bot_command", 0, 14), ""))
                        .text())
                .isEqualTo("why?");
        assertThat(addressing
                        .analyse(message("group", "/ask why?", entity("bot_command", 0, 4), ""))
                        .text())
                .isEqualTo("why?");
        assertThat(addressing
                        .analyse(message("group", "/reset@other_bot", entity("bot_command", 0, 16), ""))
                        .kind())
                .isEqualTo(TelegramAddressing.Kind.IGNORE);
        assertThat(addressing
                        .analyse(message("group", "/RESET@proto_bot", entity("bot_command", 0, 16), ""))
                        .command())
                .isEqualTo("reset");
        assertThat(addressing
                        .analyse(message("private", "/start payload", entity("bot_command", 0, 6), ""))
                        .command())
                .isEqualTo("start");
        assertThat(addressing
                        .analyse(message("group", "/weather", entity("bot_command", 0, 8), ""))
                        .kind())
                .isEqualTo(TelegramAddressing.Kind.IGNORE);
        assertThat(addressing
                        .analyse(message("private", "/weather today", entity("bot_command", 0, 8), ""))
                        .text())
                .isEqualTo("/weather today");
    }

    @Test
    void replyToTheBotCountsButNotTheImplicitTopicReply() throws Exception {
        String botMessage =
                "{\"message_id\":4,\"date\":1,\"from\":{\"id\":" + BOT + ",\"is_bot\":true,\"first_name\":\"P\"},"
                        + "\"chat\":{\"id\":-100,\"type\":\"supergroup\",\"title\":\"G\"},\"text\":\"earlier\"}";
        assertThat(addressing
                        .analyse(message("supergroup", "and then?", "", ",\"reply_to_message\":" + botMessage))
                        .text())
                .isEqualTo("and then?");
        // In a topic the bot opened, every message "replies" to the topic's first message.
        String topicStart = botMessage.replace("\"message_id\":4", "\"message_id\":3");
        assertThat(addressing
                        .analyse(message(
                                "supergroup",
                                "chatting",
                                "",
                                ",\"message_thread_id\":3,\"is_topic_message\":true,\"reply_to_message\":"
                                        + topicStart))
                        .kind())
                .isEqualTo(TelegramAddressing.Kind.IGNORE);
    }

    private Message content(String chatType, String field, String json, String extra) throws Exception {
        String chat = chatType.equals("private")
                ? "{\"id\":555,\"type\":\"private\",\"first_name\":\"Alice\"}"
                : "{\"id\":-100,\"type\":\"" + chatType + "\",\"title\":\"G\"}";
        return this.json.readValue(
                "{\"message_id\":5,\"date\":1795239000,\"from\":{\"id\":555,\"is_bot\":false,"
                        + "\"first_name\":\"Alice\"},\"chat\":" + chat + ",\"" + field + "\":" + json + extra + "}",
                Message.class);
    }

    private static final String STICKER = "{\"file_id\":\"CAACAgI\",\"file_unique_id\":\"AgAD\",\"type\":\"regular\","
            + "\"width\":512,\"height\":512,\"is_animated\":false,\"is_video\":false,\"emoji\":\"\ud83d\udc4d\"}";
    private static final String REPLY_TO_BOT = ",\"reply_to_message\":{\"message_id\":4,\"date\":1795238000,"
            + "\"from\":{\"id\":" + BOT + ",\"is_bot\":true,\"first_name\":\"Proto\",\"username\":\"proto_bot\"},"
            + "\"chat\":{\"id\":-100,\"type\":\"supergroup\",\"title\":\"G\"},\"text\":\"Hi\"}";

    @Test
    void aStickerIsAskedAsItsEmoji() throws Exception {
        assertThat(addressing.analyse(content("private", "sticker", STICKER, "")))
                .isEqualTo(TelegramAddressing.Addressed.ask("\ud83d\udc4d"));
        // in a group like text: not addressed by itself, addressed as a reply to the bot
        assertThat(addressing
                        .analyse(content("supergroup", "sticker", STICKER, ""))
                        .kind())
                .isEqualTo(TelegramAddressing.Kind.IGNORE);
        assertThat(addressing.analyse(content("supergroup", "sticker", STICKER, REPLY_TO_BOT)))
                .isEqualTo(TelegramAddressing.Addressed.ask("\ud83d\udc4d"));
    }

    @Test
    void contentWithoutTextIsAskedEmptySoItGetsAHintInsteadOfSilence() throws Exception {
        String location = "{\"latitude\":35.6812,\"longitude\":139.7671}";
        String dice = "{\"emoji\":\"\ud83c\udfb2\",\"value\":4}";
        String contact = "{\"phone_number\":\"+81000000\",\"first_name\":\"Bob\"}";
        String noEmoji = STICKER.replace(",\"emoji\":\"\ud83d\udc4d\"", "");
        for (String[] kind :
                new String[][] {{"location", location}, {"dice", dice}, {"contact", contact}, {"sticker", noEmoji}}) {
            assertThat(addressing.analyse(content("private", kind[0], kind[1], "")))
                    .as(kind[0])
                    .isEqualTo(TelegramAddressing.Addressed.ask(""));
            assertThat(addressing.analyse(content("supergroup", kind[0], kind[1], REPLY_TO_BOT)))
                    .as(kind[0] + " replying to the bot")
                    .isEqualTo(TelegramAddressing.Addressed.ask(""));
            // even a bot that answers every group message does not hint at every dice thrown in the group
            assertThat(new TelegramAddressing(BOT, "proto_bot", true)
                            .analyse(content("supergroup", kind[0], kind[1], ""))
                            .kind())
                    .as(kind[0] + " in a group")
                    .isEqualTo(TelegramAddressing.Kind.IGNORE);
        }
    }

    @Test
    void serviceMessagesStayIgnored() throws Exception {
        assertThat(addressing
                        .analyse(content(
                                "supergroup",
                                "new_chat_members",
                                "[{\"id\":777,\"is_bot\":false,\"first_name\":\"Carol\"}]",
                                ""))
                        .kind())
                .isEqualTo(TelegramAddressing.Kind.IGNORE);
        assertThat(addressing
                        .analyse(content(
                                "private",
                                "pinned_message",
                                "{\"message_id\":3,\"date\":0," + "\"chat\":{\"id\":555,\"type\":\"private\"}}",
                                ""))
                        .kind())
                .isEqualTo(TelegramAddressing.Kind.IGNORE);
    }
}
