package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when" on Telegram: real TelegramBots against FakeTelegram, the real conversation core and
 * Coze client against FakeCoze, history in an H2 file.
 */
class TelegramEndToEndTest {

    private final TelegramBridge bridge;
    private final FakeTelegram telegram;
    private final FakeTelegram.User alice = new FakeTelegram.User(555, "Alice", null, "alice", false);
    private final FakeTelegram.User bob = new FakeTelegram.User(666, "Bob", null, "bob", false);

    TelegramEndToEndTest(@TempDir Path folder) {
        bridge = new TelegramBridge(folder);
        telegram = bridge.telegram;
    }

    @AfterEach
    void close() {
        bridge.close();
    }

    private static List<String> contents(RecordedChat chat) {
        return chat.messages().stream().map(RecordedChat.Message::content).toList();
    }

    @Test
    void aPrivateChatIsAnsweredWithAStreamedReply() {
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Paris is the **capital** of France, on the Seine.")
                .deltas(6)
                .pace(Duration.ofMillis(250)));
        int question = telegram.userSays(chat, alice, "What is the capital of France?");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> bridge.lastShown(chat).equals("Paris is the capital of France, on the Seine."));
        FakeTelegram.SentMessage reply = telegram.sent(chat).getFirst();
        assertThat(telegram.sent(chat)).hasSize(1);
        assertThat(reply.replyTo()).isEqualTo(question);
        assertThat(reply.entityTypes()).containsExactly("bold");
        assertThat(reply.versions()).hasSizeGreaterThanOrEqualTo(2);
        // sent without the marker (its id is not recorded yet), which the next edit adds
        assertThat(reply.versions().getFirst()).doesNotEndWith("▌");
        assertThat(reply.versions().get(1)).endsWith("▌");
        assertThat(telegram.calls("sendMessage")).hasSize(1);
        assertThat(telegram.calls("editMessageText")).isNotEmpty();
        assertThat(telegram.calls("sendChatAction")).isNotEmpty();
        assertThat(telegram.served429()).isZero();

        RecordedChat asked = bridge.coze.chats().getFirst();
        assertThat(asked.userId()).isEqualTo("helpdesk/telegram/555");
        assertThat(asked.lastUserText()).isEqualTo("What is the capital of France?");
    }

    @Test
    void aStreamedAnswerAndACommandAnswerAreEachCountedOnce() {
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        String answer = "Counted once: one message, then edits until it is complete.";
        bridge.coze.enqueue(Script.answer(answer).deltas(6).pace(Duration.ofMillis(250)));
        telegram.userSays(chat, alice, "count me");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> bridge.lastShown(chat).equals(answer));
        // /start gets the help, a one-off write the core sends for the adapter
        telegram.userSays(chat, alice, "/start");
        await().atMost(Duration.ofSeconds(20)).until(() -> telegram.sent(chat).size() == 2);

        assertThat(telegram.served429()).isZero();
        assertThat(telegram.calls("sendMessage")).as("the answer and the help").hasSize(2);
        int edits = telegram.calls("editMessageText").size();
        assertThat(edits).as("the answer grew in place").isPositive();
        await().untilAsserted(() -> {
            assertThat(bridge.writes("send")).isEqualTo(2.0);
            assertThat(bridge.writes("edit")).isEqualTo(edits);
        });
        assertThat(bridge.writes("draft")).isZero();
        assertThat(bridge.metrics.scrape())
                .contains("coze_bridge_platform_writes_total{operation=\"send\",platform=\"telegram\"} 2.0")
                .contains(
                        "coze_bridge_platform_writes_total{operation=\"edit\",platform=\"telegram\"} " + (double) edits)
                .contains("coze_bridge_replies_total{bot=\"helpdesk\",platform=\"telegram\",status=\"complete\"} 1.0");
    }

    @Test
    void groupsAnswerMentionsAndRepliesToTheBotAndIgnoreTheRest() {
        FakeTelegram.Chat group = telegram.supergroup(-1001, "Team");
        telegram.userSays(group, bob, "lunch anyone?");
        bridge.coze.enqueue(Script.answer("Hello team."));
        telegram.userSays(group, alice, "@proto_bot say hello");
        await().until(() -> bridge.lastShown(group).equals("Hello team."));
        assertThat(bridge.coze.chats()).hasSize(1);
        assertThat(String.join("\n", contents(bridge.coze.chats().getFirst())))
                .contains("say hello")
                .doesNotContain("lunch")
                .doesNotContain("@proto_bot");

        int botMessage = telegram.sent(group).getFirst().messageId();
        bridge.coze.enqueue(Script.answer("You are welcome, Bob."));
        telegram.userSays(group, bob, "nobody asked the bot this");
        telegram.userReplies(group, bob, botMessage, "thanks!");
        await().until(() -> bridge.lastShown(group).equals("You are welcome, Bob."));
        assertThat(bridge.coze.chats()).hasSize(2);
        assertThat(contents(bridge.coze.chats().get(1)))
                .anySatisfy(c -> assertThat(c).contains("say hello"))
                .anySatisfy(c -> assertThat(c).isEqualTo("Hello team."))
                .anySatisfy(c -> assertThat(c).contains("thanks!"))
                .noneSatisfy(c -> assertThat(c).contains("nobody asked"));
        assertThat(telegram.sent(group).get(1).replyTo()).isNotNull();
        assertThat(telegram.served429()).isZero();
    }

    @Test
    void chatsStreamSideBySideWithoutFloodErrors() {
        FakeTelegram.Chat first = telegram.privateChat(alice);
        FakeTelegram.Chat second = telegram.privateChat(bob);
        FakeTelegram.Chat group = telegram.supergroup(-1005, "Busy");
        String answer = "A steady answer that arrives in several pieces, one after another.";
        bridge.coze.defaultScript(chat -> Script.answer(answer).deltas(8).pace(Duration.ofMillis(120)));
        telegram.userSays(first, alice, "one");
        telegram.userSays(second, bob, "two");
        telegram.userSays(group, alice, "@proto_bot three");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bridge.lastShown(first).equals(answer)
                        && bridge.lastShown(second).equals(answer)
                        && bridge.lastShown(group).equals(answer));
        assertThat(telegram.served429()).isZero();
        assertThat(List.of(first, second, group))
                .allSatisfy(c -> assertThat(telegram.sent(c)).hasSize(1));
    }

    @Test
    void resetIsAcceptedFromAnAdministratorAndRefusedForAMember() {
        FakeTelegram.Chat group = telegram.supergroup(-1002, "Team");
        telegram.setAdmins(group, alice);
        telegram.userSays(group, alice, "@proto_bot remember the colour blue");
        await().until(() -> telegram.sent(group).size() == 1);

        telegram.userSays(group, bob, "/reset");
        await().until(() -> bridge.lastShown(group).equals(Sentences.en(Text.RESET_ADMINS_ONLY)));
        telegram.userSays(group, alice, "@proto_bot which colour?");
        await().until(() ->
                bridge.coze.chats().size() == 2 && telegram.sent(group).size() == 3);
        assertThat(String.join("\n", contents(bridge.coze.chats().get(1)))).contains("remember the colour blue");

        telegram.userSays(group, alice, "/reset@proto_bot");
        await().until(() -> bridge.lastShown(group).startsWith("Done: this conversation's history is cleared"));
        telegram.userSays(group, alice, "@proto_bot which colour now?");
        await().until(() -> bridge.coze.chats().size() == 3);
        assertThat(contents(bridge.coze.chats().get(2)))
                .singleElement()
                .satisfies(c -> assertThat(c).contains("which colour now?"));
    }

    @Test
    void forumTopicsAreSeparateConversations() {
        FakeTelegram.Chat forum = telegram.forum(-1003, "Forum");
        int apples = telegram.createTopic(forum, "Apples", alice);
        int bananas = telegram.createTopic(forum, "Bananas", bob);
        telegram.userSaysInTopic(forum, apples, alice, "@proto_bot apples are red");
        await().until(() -> telegram.sent(forum).size() == 1);
        telegram.userSaysInTopic(forum, bananas, bob, "@proto_bot bananas are yellow");
        await().until(() -> telegram.sent(forum).size() == 2);
        telegram.userSaysInTopic(forum, apples, alice, "@proto_bot what did I say?");
        await().until(() ->
                telegram.sent(forum).size() == 3 && bridge.coze.chats().size() == 3);

        List<RecordedChat> chats = bridge.coze.chats();
        // the conversation is the topic (meta_data.scope); the Coze user is the speaker
        assertThat(chats.get(0).body().path("meta_data").path("scope").asText()).isEqualTo("-1003:" + apples);
        assertThat(chats.get(1).body().path("meta_data").path("scope").asText()).isEqualTo("-1003:" + bananas);
        assertThat(chats.get(0).userId())
                .isEqualTo(chats.get(2).userId())
                .isNotEqualTo(chats.get(1).userId());
        assertThat(String.join("\n", contents(chats.get(1)))).doesNotContain("apples");
        assertThat(String.join("\n", contents(chats.get(2))))
                .contains("apples are red")
                .doesNotContain("bananas");
        assertThat(telegram.sent(forum))
                .extracting(FakeTelegram.SentMessage::threadId)
                .containsExactly(apples, bananas, apples);
    }
}
