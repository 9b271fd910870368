package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.FailureKind;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unhappy and long paths end to end: long answers, flood control, Coze failures, restarts, bad markup. */
class TelegramEndToEndFaultsTest {

    private final TelegramBridge bridge;
    private final FakeTelegram telegram;
    private final FakeTelegram.User alice = new FakeTelegram.User(555, "Alice", null, "alice", false);
    private final FakeTelegram.Chat chat;

    TelegramEndToEndFaultsTest(@TempDir Path folder) {
        bridge = new TelegramBridge(folder);
        telegram = bridge.telegram;
        chat = telegram.privateChat(alice);
    }

    @AfterEach
    void close() {
        bridge.close();
    }

    @Test
    void aLongAnswerIsSplitIntoMessagesTelegramAccepts() {
        String answer = IntStream.range(0, 16)
                .mapToObj(i -> ("Paragraph " + i + " ").repeat(60).strip())
                .collect(Collectors.joining("\n\n"));
        assertThat(answer.length()).isGreaterThan(2 * 4096);
        bridge.coze.enqueue(Script.answer(answer).deltas(12).pace(Duration.ofMillis(50)));
        telegram.userSays(chat, alice, "Tell me everything");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bridge.shown(chat).size() >= 3
                        && String.join("", bridge.shown(chat))
                                .replaceAll("\\s+", "")
                                .equals(answer.replaceAll("\\s+", "")));
        assertThat(bridge.shown(chat))
                .allSatisfy(text -> assertThat(text.length()).isLessThanOrEqualTo(4096));
        assertThat(telegram.calls())
                .noneSatisfy(c -> assertThat(c.description()).contains("too long"));
        assertThat(telegram.served429()).isZero();
    }

    @Test
    void aFloodOf429sDelaysButStillDeliversTheFinalText() {
        telegram.inject429(3, 1);
        bridge.coze.enqueue(Script.answer("Patience is a virtue, and here is the whole answer.")
                .deltas(5)
                .pace(Duration.ofMillis(100)));
        telegram.userSays(chat, alice, "Anything?");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bridge.lastShown(chat).equals("Patience is a virtue, and here is the whole answer."));
        assertThat(telegram.served429()).isEqualTo(3);
        assertThat(telegram.sent(chat)).hasSize(1);
    }

    @Test
    void aCozeFailureIsShownAsOneReadableSentence() {
        bridge.coze.enqueue(
                Script.answer("The first half of the answer").deltas(4).midStreamError(5000, "internal boom", 2));
        telegram.userSays(chat, alice, "Go");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> bridge.lastShown(chat).endsWith(Sentences.failure(FailureKind.SERVER_ERROR)));
        FakeTelegram.SentMessage reply = telegram.sent(chat).getFirst();
        assertThat(reply.text()).startsWith("The first").doesNotContain("boom").doesNotContain("▌");
        assertThat(reply.entityTypes()).contains("italic");

        bridge.coze.enqueue(Script.jsonError(200, 4200, "bot not found"));
        telegram.userSays(chat, alice, "Again");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> telegram.sent(chat).size() == 2
                        && bridge.lastShown(chat).equals(Sentences.failure(FailureKind.BOT_NOT_FOUND)));
    }

    @Test
    void aRestartKeepsHistoryAndDoesNotAnswerOldUpdatesAgain() {
        bridge.coze.enqueue(Script.answer("Noted: your name is Alice."));
        telegram.userSays(chat, alice, "My name is Alice");
        await().until(() -> bridge.lastShown(chat).equals("Noted: your name is Alice."));

        bridge.shutdown();
        telegram.redeliverConfirmedUpdates();
        bridge.boot();
        bridge.coze.enqueue(Script.answer("You are Alice."));
        telegram.userSays(chat, alice, "What is my name?");
        await().until(() -> bridge.lastShown(chat).equals("You are Alice."));

        assertThat(bridge.coze.chats()).hasSize(2);
        RecordedChat second = bridge.coze.chats().get(1);
        assertThat(second.messages())
                .extracting(RecordedChat.Message::content)
                .containsSubsequence("My name is Alice", "Noted: your name is Alice.", "What is my name?");
        assertThat(telegram.sent(chat)).hasSize(2);
        // The new process asked for updates after the stored offset, so the re-offered update never came back.
        assertThat(telegram.deliveries()).containsEntry(1, 1);
    }

    @Test
    void aReplyDeletedWhileItIsWrittenContinuesInANewMessageWithTheWholeAnswer() {
        String answer = "The first part arrives, the reply is deleted, and the answer still ends here.";
        CountDownLatch release = new CountDownLatch(1);
        bridge.coze.enqueue(Script.answer(answer).deltas(8).holdAfter(3, release));
        telegram.userSays(chat, alice, "Tell me");
        await().until(() -> bridge.lastShown(chat).startsWith("The first part"));
        FakeTelegram.SentMessage first = telegram.sent(chat).getFirst();
        // an administrator (or the user) deletes the half-written reply: Telegram answers the next edit with 400
        telegram.deleteBotMessage(chat, first.messageId());
        release.countDown();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bridge.lastShown(chat).equals(answer));
        assertThat(telegram.sent(chat))
                .singleElement()
                .satisfies(m -> assertThat(m.messageId()).isNotEqualTo(first.messageId()));
        assertThat(telegram.calls())
                .filteredOn(c -> c.description() != null && c.description().contains("message to edit not found"))
                .hasSize(1);
    }

    @Test
    void aReplyCutShortByShutdownIsFinalizedWithWhatItHad() {
        bridge.coze.enqueue(Script.answer("The first part arrives, and then the rest never does.")
                .deltas(8)
                .stallAfter(4));
        telegram.userSays(chat, alice, "Tell me");
        await().until(() -> bridge.lastShown(chat).startsWith("The first part"));
        bridge.shutdown(Duration.ofSeconds(1));
        FakeTelegram.SentMessage reply = telegram.sent(chat).getFirst();
        assertThat(reply.text()).startsWith("The first part").doesNotContain("▌");
        assertThat(reply.entityTypes()).contains("italic");
        bridge.boot();
    }

    @Test
    void unbalancedMarkdownArrivesAsLiteralTextAndRejectedEntitiesFallBackToPlainText() {
        String unbalanced = "Here is **bold without end, `open code and <b>tags</b> & more";
        bridge.coze.enqueue(Script.answer(unbalanced).deltas(3));
        telegram.userSays(chat, alice, "Format something");
        await().until(() -> bridge.lastShown(chat).equals(unbalanced));
        assertThat(telegram.sent(chat).getFirst().parseMode()).isEqualToIgnoringCase("html");
        assertThat(telegram.calls()).noneSatisfy(c -> assertThat(c.status()).isEqualTo(400));

        telegram.injectEntityRejection(1000);
        bridge.coze.enqueue(Script.answer("Use **care** with `tools`.").deltas(2));
        telegram.userSays(chat, alice, "More formatting");
        await().until(() ->
                telegram.sent(chat).size() == 2 && bridge.lastShown(chat).equals("Use care with tools."));
        assertThat(telegram.sent(chat).get(1).parseMode()).isNull();
    }
}
