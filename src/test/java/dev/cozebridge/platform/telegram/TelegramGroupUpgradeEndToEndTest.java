package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A basic group upgraded to a supergroup (media-and-interactions §2.7) keeps its bot: the answer being written
 * goes on in the new chat, the history continues there, and an allow list naming the old id still admits it;
 * learned from Telegram's error answer as well as from the service messages.
 */
class TelegramGroupUpgradeEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path folder;
    private TelegramBridge bridge;
    private FakeTelegram telegram;
    private final FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");

    TelegramGroupUpgradeEndToEndTest(@TempDir Path folder) {
        this.folder = folder;
    }

    /** Only the old group is allowed: the supergroup must be recognised as the same place. */
    private void start(long allowedChat) {
        bridge = new TelegramBridge(
                folder,
                b -> b.access(new BotSettings.AccessSettings(
                        Set.of(), Set.of(), Set.of(Long.toString(allowedChat)), Set.of(), 100, 5)));
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
    void anUpgradeInTheMiddleOfAnAnswerMovesTheAnswerAndTheHistoryToTheSupergroup() {
        start(-4001);
        FakeTelegram.Chat group = telegram.group(-4001, "Team");
        bridge.coze.enqueue(Script.answer("The first answer."));
        telegram.userSays(group, alice, "@proto_bot first question");
        awaitShown(group, "The first answer.");

        CountDownLatch upgraded = new CountDownLatch(1);
        String second = "The second answer, which was half written when the group became a supergroup.";
        bridge.coze.enqueue(Script.answer(second).deltas(6).holdAfter(3, upgraded));
        telegram.userSays(group, alice, "@proto_bot second question");
        // the answer's first message is in the old group, and more is to come
        await().atMost(WAIT).until(() -> telegram.sent(group).size() == 2);
        FakeTelegram.Chat supergroup = telegram.upgradeToSupergroup(group, -1004001, alice, false);
        upgraded.countDown();

        awaitShown(supergroup, second);
        assertThat(telegram.calls().stream()
                        .filter(c -> c.status() == 400 && c.description().contains("upgraded to a supergroup")))
                .as("the bot learned the new id from Telegram's error")
                .isNotEmpty();
        assertThat(bridge.shown(group)).doesNotContain(second);

        bridge.coze.enqueue(Script.answer("The third answer."));
        telegram.userSays(supergroup, alice, "@proto_bot third question");
        awaitShown(supergroup, "The third answer.");
        assertThat(bridge.coze.chats().getLast().messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly(
                        "[Alice] first question",
                        "The first answer.",
                        "[Alice] second question",
                        second,
                        "[Alice] third question");
    }

    @Test
    void theServiceMessagesOfAnUpgradeMoveTheConversationBeforeAnythingIsWritten() {
        start(-4002);
        FakeTelegram.Chat group = telegram.group(-4002, "Team");
        bridge.coze.enqueue(Script.answer("Before the upgrade."));
        telegram.userSays(group, alice, "@proto_bot before?");
        awaitShown(group, "Before the upgrade.");

        FakeTelegram.Chat supergroup = telegram.upgradeToSupergroup(group, -1004002, alice, true);
        bridge.coze.enqueue(Script.answer("After the upgrade."));
        telegram.userSays(supergroup, alice, "@proto_bot after?");
        awaitShown(supergroup, "After the upgrade.");

        assertThat(telegram.calls().stream().filter(c -> c.status() == 400))
                .as("nothing was sent to the old id")
                .isEmpty();
        assertThat(bridge.coze.chats().getLast().messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly("[Alice] before?", "Before the upgrade.", "[Alice] after?");

        // a new process still knows the supergroup was the allowed group
        bridge.restart();
        bridge.coze.enqueue(Script.answer("After the restart."));
        telegram.userSays(supergroup, alice, "@proto_bot and now?");
        awaitShown(supergroup, "After the restart.");
    }
}
