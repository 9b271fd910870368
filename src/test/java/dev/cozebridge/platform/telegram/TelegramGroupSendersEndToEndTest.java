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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages sent on behalf of a chat (media-and-interactions §2.7), end to end: an anonymous administrator (the
 * group itself as {@code sender_chat}, {@code from} GroupAnonymousBot) is answered and may /reset where only
 * administrators may; a linked channel's automatic forward is answered as the channel's message but the channel is
 * no administrator; a real other bot stays ignored.
 */
class TelegramGroupSendersEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path folder;
    private TelegramBridge bridge;
    private FakeTelegram telegram;
    private final FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");
    private FakeTelegram.Chat group;

    TelegramGroupSendersEndToEndTest(@TempDir Path folder) {
        this.folder = folder;
    }

    @BeforeEach
    void start() {
        // resets are for administrators only (reset_by_anyone is off)
        bridge = new TelegramBridge(folder, UnaryOperator.identity());
        telegram = bridge.telegram;
        group = telegram.supergroup(-1005001, "Team");
    }

    @AfterEach
    void close() {
        bridge.close();
    }

    private void awaitShown(String text) {
        await().atMost(WAIT).until(() -> bridge.shown(group).contains(text));
    }

    @Test
    void anAnonymousAdministratorIsAnsweredAndMayReset() {
        bridge.coze.enqueue(Script.answer("Blue, noted."), Script.answer("I know nothing of colours."));
        telegram.message(group, FakeTelegram.groupAnonymousBot(), "@proto_bot remember the colour blue")
                .onBehalfOf(group)
                .signedBy("Boss")
                .send();
        awaitShown("Blue, noted.");
        assertThat(bridge.coze.chats().getFirst().lastUserText()).isEqualTo("[Boss] remember the colour blue");

        telegram.message(group, FakeTelegram.groupAnonymousBot(), "/reset")
                .onBehalfOf(group)
                .send();
        awaitShown(Sentences.en(Text.RESET_DONE));
        assertThat(telegram.calls("getChatMember"))
                .as("an anonymous administrator cannot be looked up, and need not be")
                .isEmpty();

        telegram.message(group, FakeTelegram.groupAnonymousBot(), "@proto_bot which colour?")
                .onBehalfOf(group)
                .send();
        awaitShown("I know nothing of colours.");
        assertThat(bridge.coze.chats().getLast().messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly("[Team] which colour?");
    }

    @Test
    void aLinkedChannelsPostIsTheChannelsQuestionButTheChannelIsNoAdministrator() {
        FakeTelegram.Chat channel = telegram.channel(-1005999, "News");
        bridge.coze.enqueue(Script.answer("A summary."));
        telegram.message(group, FakeTelegram.telegramService(), "@proto_bot summarize this post")
                .onBehalfOf(channel)
                .automaticForward()
                .send();
        awaitShown("A summary.");
        assertThat(bridge.coze.chats().getFirst().lastUserText()).isEqualTo("[News] summarize this post");

        telegram.message(group, FakeTelegram.channelBot(), "/reset")
                .onBehalfOf(channel)
                .send();
        awaitShown(Sentences.en(Text.RESET_ADMINS_ONLY));
    }

    @Test
    void anotherBotIsStillIgnored() {
        FakeTelegram.User otherBot = new FakeTelegram.User(4242, "Other", null, "other_bot", true);
        telegram.userSays(group, otherBot, "@proto_bot answer me, fellow bot");
        bridge.coze.enqueue(Script.answer("Hello Alice."));
        telegram.userSays(group, alice, "@proto_bot hello");
        awaitShown("Hello Alice.");

        // updates are handled in order: the bot's message came first and was dropped
        assertThat(bridge.coze.chats())
                .singleElement()
                .satisfies(chat -> assertThat(chat.messages())
                        .extracting(RecordedChat.Message::content)
                        .containsExactly("[Alice] hello"));
        assertThat(bridge.shown(group)).containsExactly("Hello Alice.");
    }
}
