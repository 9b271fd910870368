package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.RecordedUpload;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.StoredTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who is speaking and what they refer to, on Telegram end to end: quoted replies, a Coze user per author in groups,
 * {@code conversation.scope: user}, and an edited question answered again in place.
 */
class TelegramConversationEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path folder;
    private TelegramBridge bridge;
    private FakeTelegram telegram;
    private final FakeTelegram.User alice = new FakeTelegram.User(555, "Alice", null, "alice", false);
    private final FakeTelegram.User bob = new FakeTelegram.User(666, "Bob", null, "bob", false);

    TelegramConversationEndToEndTest(@TempDir Path folder) {
        this.folder = folder;
    }

    private void start(UnaryOperator<BotSettings.Builder> settings) {
        bridge = new TelegramBridge(folder, settings);
        telegram = bridge.telegram;
    }

    @AfterEach
    void close() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private void awaitShown(FakeTelegram.Chat chat, String text) {
        await().atMost(WAIT).until(() -> bridge.shown(chat).contains(text));
    }

    @Test
    void aReplyToSomeonesMessageInAGroupCarriesItAsAQuoteWithItsPicture() throws Exception {
        start(UnaryOperator.identity());
        FakeTelegram.Chat group = telegram.supergroup(-1001, "Team");
        byte[] chart = TelegramMediaEndToEndTest.bytes(25_000, 21);
        int claim = telegram.message(group, bob, "Sales doubled this quarter.")
                .photo(chart)
                .send();
        bridge.coze.enqueue(Script.answer("The chart shows a 10% rise, not a doubling."));
        telegram.message(group, alice, "@proto_bot is this true?")
                .replyingTo(claim)
                .send();

        awaitShown(group, "The chart shows a 10% rise, not a doubling.");
        RecordedUpload upload = bridge.coze.uploads().getFirst();
        assertThat(upload.sha256()).isEqualTo(RecordedUpload.sha256(chart));
        JsonNode items = JSON.readTree(
                bridge.coze.chats().getFirst().messages().getLast().content());
        var expected = JSON.createArrayNode();
        expected.addObject()
                .put("type", "text")
                .put(
                        "text",
                        "[Alice] " + Sentences.en(Text.QUOTE_HEADER, "Bob")
                                + "\n> Sales doubled this quarter.\n\nis this true?");
        expected.addObject().put("type", "image").put("file_id", upload.fileId());
        assertThat(items).isEqualTo(expected);
    }

    @Test
    void aPartialQuoteIsPreferredOverTheWholeMessage() {
        start(UnaryOperator.identity());
        FakeTelegram.Chat group = telegram.supergroup(-1002, "Team");
        int claim = telegram.userSays(group, bob, "Lunch is at noon. The moon is made of cheese. See you.");
        bridge.coze.enqueue(Script.answer("No."));
        telegram.message(group, alice, "@proto_bot really?")
                .replyingTo(claim)
                .quoting("The moon is made of cheese.")
                .send();

        awaitShown(group, "No.");
        assertThat(bridge.coze.chats().getFirst().lastUserText())
                .isEqualTo("[Alice] " + Sentences.en(Text.QUOTE_HEADER, "Bob")
                        + "\n> The moon is made of cheese.\n\nreally?");
    }

    @Test
    void aReplyToAMessageOfAnotherChatCarriesItsQuoteItsAuthorAndItsPicture() throws Exception {
        start(UnaryOperator.identity());
        FakeTelegram.Chat other = telegram.supergroup(-1005, "Sales");
        byte[] chart = TelegramMediaEndToEndTest.bytes(25_000, 22);
        int claim = telegram.message(other, bob, "Sales doubled this quarter, says the board.")
                .photo(chart)
                .send();
        FakeTelegram.Chat own = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("The chart shows a 10% rise."));
        // Telegram sends the other chat's message as external_reply: its author and photo, not its text
        telegram.message(own, alice, "is this true?")
                .replyingElsewhere(other, claim)
                .quoting("Sales doubled this quarter")
                .send();

        awaitShown(own, "The chart shows a 10% rise.");
        RecordedUpload upload = bridge.coze.uploads().getFirst();
        assertThat(upload.sha256()).isEqualTo(RecordedUpload.sha256(chart));
        JsonNode items = JSON.readTree(
                bridge.coze.chats().getFirst().messages().getLast().content());
        var expected = JSON.createArrayNode();
        expected.addObject()
                .put("type", "text")
                .put(
                        "text",
                        Sentences.en(Text.QUOTE_HEADER, "Bob") + "\n> Sales doubled this quarter\n\nis this true?");
        expected.addObject().put("type", "image").put("file_id", upload.fileId());
        assertThat(items).isEqualTo(expected);

        // without a quote or a picture nothing of the other message reaches us: the question goes alone
        int plain = telegram.userSays(other, bob, "Lunch at noon.");
        bridge.coze.enqueue(Script.answer("Noted."));
        telegram.message(own, alice, "and this?")
                .replyingElsewhere(other, plain)
                .send();
        awaitShown(own, "Noted.");
        assertThat(bridge.coze.chats().getLast().lastUserText()).isEqualTo("and this?");
    }

    @Test
    void inAGroupEachAuthorIsTheirOwnCozeUser() {
        start(UnaryOperator.identity());
        FakeTelegram.Chat group = telegram.supergroup(-1003, "Team");
        bridge.coze.enqueue(Script.answer("Hi Alice."), Script.answer("Hi Bob."));
        telegram.userSays(group, alice, "@proto_bot hi");
        awaitShown(group, "Hi Alice.");
        telegram.userSays(group, bob, "@proto_bot hello");
        awaitShown(group, "Hi Bob.");

        List<RecordedChat> chats = bridge.coze.chats();
        assertThat(chats.get(0).userId()).startsWith("u_").doesNotContain("555");
        assertThat(chats.get(1).userId())
                .startsWith("u_")
                .isNotEqualTo(chats.get(0).userId());
        // one shared conversation: Bob's chat carries Alice's turn, with speaker names
        assertThat(chats.get(1).messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly("[Alice] hi", "Hi Alice.", "[Bob] hello");

        // a private chat stays keyed by its conversation
        FakeTelegram.Chat own = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Private hello."));
        telegram.userSays(own, alice, "hi in private");
        awaitShown(own, "Private hello.");
        assertThat(bridge.coze.chats().getLast().userId()).isEqualTo("helpdesk/telegram/555");
    }

    @Test
    void withScopeUserTwoPeopleInOneGroupHaveConversationsOfTheirOwn() {
        start(b -> b.scope(BotSettings.Scope.USER));
        FakeTelegram.Chat group = telegram.supergroup(-1004, "Team");
        bridge.coze.enqueue(Script.answer("Noted, Alice."), Script.answer("I do not know your name yet."));
        telegram.userSays(group, alice, "@proto_bot my name is Alice");
        awaitShown(group, "Noted, Alice.");
        telegram.userSays(group, bob, "@proto_bot what is my name?");
        awaitShown(group, "I do not know your name yet.");

        assertThat(bridge.coze.chats().get(1).messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly("[Bob] what is my name?");
        assertThat(bridge.store.turns(new ConversationKey("helpdesk", "telegram", "-1004/user:555")))
                .extracting(StoredTurn::text)
                .containsExactly("my name is Alice", "Noted, Alice.");
        assertThat(bridge.store.turns(new ConversationKey("helpdesk", "telegram", "-1004/user:666")))
                .hasSize(2);
        assertThat(bridge.store.turns(new ConversationKey("helpdesk", "telegram", "-1004")))
                .isEmpty();
    }

    @Test
    void anEditedQuestionIsAnsweredAgainInTheSameMessage() {
        start(UnaryOperator.identity());
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Four."));
        int question = telegram.userSays(chat, alice, "What is 2+2?");
        awaitShown(chat, "Four.");
        int reply = telegram.sent(chat).getFirst().messageId();

        bridge.coze.enqueue(Script.answer("Six."));
        telegram.userEdits(chat, question, "What is 3+3?");

        await().atMost(WAIT).until(() -> bridge.shown(chat).equals(List.of("Six.")));
        assertThat(telegram.sent(chat)).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(reply);
            assertThat(m.versions()).contains("Four.").last().isEqualTo("Six.");
        });
        RecordedChat again = bridge.coze.chats().get(1);
        assertThat(again.messages()).extracting(RecordedChat.Message::content).containsExactly("What is 3+3?");
        assertThat(bridge.store.turns(new ConversationKey("helpdesk", "telegram", "555")))
                .extracting(StoredTurn::text)
                .containsExactly("What is 3+3?", "Six.");
    }

    @Test
    void anEditAfterTheEditWindowIsNotAskedAgain() {
        // Telegram dates have whole seconds and the answer takes longer than this, so the edit is always late
        start(b -> b.editWindow(Duration.ofMillis(1)));
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Four."), Script.answer("Next."));
        int question = telegram.userSays(chat, alice, "What is 2+2?");
        awaitShown(chat, "Four.");

        telegram.userEdits(chat, question, "What is 3+3?");
        telegram.userSays(chat, alice, "next");
        awaitShown(chat, "Next.");

        // the conversation's worker takes the edit before "next": had it been asked, Coze would have seen it first
        assertThat(bridge.coze.chats()).hasSize(2);
        assertThat(bridge.coze.chats().get(1).lastUserText()).isEqualTo("next");
        assertThat(bridge.shown(chat)).containsExactly("Four.", "Next.");
    }

    @Test
    void anEditOfAnOlderQuestionIsNotAskedAgain() {
        start(UnaryOperator.identity());
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("First."), Script.answer("Second."));
        int first = telegram.userSays(chat, alice, "one");
        awaitShown(chat, "First.");
        telegram.userSays(chat, alice, "two");
        awaitShown(chat, "Second.");

        telegram.userEdits(chat, first, "one, edited");
        bridge.coze.enqueue(Script.answer("Third."));
        telegram.userSays(chat, alice, "three");
        awaitShown(chat, "Third.");

        assertThat(bridge.coze.chats()).hasSize(3);
        assertThat(bridge.shown(chat)).containsExactly("First.", "Second.", "Third.");
        assertThat(bridge.store.turns(new ConversationKey("helpdesk", "telegram", "555")))
                .extracting(StoredTurn::text)
                .contains("one")
                .doesNotContain("one, edited");
    }
}
