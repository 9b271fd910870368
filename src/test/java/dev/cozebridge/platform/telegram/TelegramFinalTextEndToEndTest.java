package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.BotLocale;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.coze.Script.KnowledgeChunk;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The final text goes out when the answer's message is complete, not when the chat ends (issue 16): real
 * TelegramBots against FakeTelegram, FakeCoze holding the stream right after the answer's
 * {@code message.completed}, before the follow-ups and {@code chat.completed}.
 */
class TelegramFinalTextEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ANSWER = "Refunds take five business days after we receive the item.";
    private static final String MARKER = "▌";

    private final Path folder;
    private final FakeTelegram.User alice = new FakeTelegram.User(555, "Alice", null, "alice", false);
    private TelegramBridge bridge;

    TelegramFinalTextEndToEndTest(@TempDir Path folder) {
        this.folder = folder;
    }

    @AfterEach
    void close() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private static Script heldAnswer(CountDownLatch release) {
        return Script.answer(ANSWER)
                .deltas(6)
                .knowledge(List.of(KnowledgeChunk.web("doc-1", "Refund policy", "https://example.com/refunds", 0.9)))
                .followUps("How do I return?", "What about fees?")
                .holdAfterAnswer(release);
    }

    @Test
    void inAGroupTheFinalTextShowsWhileCozeIsStillHeldAndTheButtonsFollow() {
        bridge = new TelegramBridge(folder);
        FakeTelegram telegram = bridge.telegram;
        FakeTelegram.Chat group = telegram.supergroup(-1001, "Team");
        CountDownLatch release = new CountDownLatch(1);
        bridge.coze.enqueue(heldAnswer(release));
        telegram.userSays(group, alice, "@proto_bot how long do refunds take?");

        await().atMost(WAIT).until(() -> {
            String shown = bridge.lastShown(group);
            return shown.startsWith(ANSWER) && shown.contains("Refund policy") && !shown.contains(MARKER);
        });
        // Coze has not finished the chat: the follow-ups and chat.completed are still held back
        assertThat(bridge.coze.streams()).isEmpty();
        FakeTelegram.SentMessage finalText = telegram.sent(group).getLast();
        assertThat(finalText.buttons())
                .as("no Stop button on a complete answer")
                .isEmpty();
        int versions = finalText.versions().size();

        release.countDown();
        await().atMost(WAIT)
                .until(() -> telegram.sent(group).getLast().buttons().size() == 2);
        FakeTelegram.SentMessage done = telegram.sent(group).getLast();
        assertThat(done.buttons())
                .extracting(FakeTelegram.Button::text)
                .containsExactly("How do I return?", "What about fees?");
        // the buttons came in one more edit of the same message; its text did not change
        assertThat(telegram.sent(group)).hasSize(1);
        assertThat(done.text()).isEqualTo(finalText.text());
        assertThat(done.versions()).hasSize(versions + 1);
        await().atMost(WAIT).until(() -> bridge.coze.streams().size() == 1);
        assertThat(telegram.served429()).isZero();
    }

    @Test
    void inAPrivateChatWithDraftsTheFinalMessageIsSentBeforeTheChatEnds() {
        bridge = new TelegramBridge(folder, true, BotLocale.EN, UnaryOperator.identity());
        FakeTelegram telegram = bridge.telegram;
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        CountDownLatch release = new CountDownLatch(1);
        bridge.coze.enqueue(heldAnswer(release));
        telegram.userSays(chat, alice, "how long do refunds take?");

        await().atMost(WAIT).until(() -> bridge.lastShown(chat).startsWith(ANSWER));
        assertThat(bridge.lastShown(chat)).contains("Refund policy").doesNotContain(MARKER);
        assertThat(bridge.coze.streams()).isEmpty();
        assertThat(telegram.calls("sendMessageDraft")).isNotEmpty();

        release.countDown();
        await().atMost(WAIT).until(() -> telegram.sent(chat).getLast().buttons().size() == 2);
        assertThat(telegram.sent(chat)).hasSize(1);
        assertThat(telegram.served429()).isZero();
    }
}
