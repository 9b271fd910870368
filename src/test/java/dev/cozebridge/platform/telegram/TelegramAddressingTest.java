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
}
