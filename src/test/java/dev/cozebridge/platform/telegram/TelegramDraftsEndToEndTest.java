package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code telegram.drafts}, private chats stream into sendMessageDraft; groups keep the edit loop. */
class TelegramDraftsEndToEndTest {

    private final TelegramBridge bridge;
    private final FakeTelegram telegram;
    private final FakeTelegram.User alice = new FakeTelegram.User(555, "Alice", null, "alice", false);

    TelegramDraftsEndToEndTest(@TempDir Path folder) {
        bridge = new TelegramBridge(folder, true);
        telegram = bridge.telegram;
    }

    @AfterEach
    void close() {
        bridge.close();
    }

    @Test
    void privateChatsPreviewInDraftsAndPersistTheFinalMessage() {
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Drafts show the answer while it is being written.")
                .deltas(6)
                .pace(Duration.ofMillis(250)));
        telegram.userSays(chat, alice, "Show me drafts");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> bridge.lastShown(chat).equals("Drafts show the answer while it is being written."));
        assertThat(telegram.drafts(chat)).isNotEmpty();
        assertThat(telegram.sent(chat))
                .singleElement()
                .satisfies(m -> assertThat(m.edits()).isZero());
        assertThat(telegram.calls("editMessageText")).isEmpty();
        // each draft and the final message counted once, as drafts and a send
        int drafts = telegram.calls("sendMessageDraft").size();
        await().untilAsserted(() -> {
            assertThat(bridge.writes("draft")).isEqualTo(drafts);
            assertThat(bridge.writes("send")).isEqualTo(1.0);
        });
        assertThat(bridge.writes("edit")).isZero();
    }

    @Test
    void groupsStillEditTheirReply() {
        FakeTelegram.Chat group = telegram.supergroup(-1009, "Team");
        bridge.coze.enqueue(
                Script.answer("Groups get an edited message instead.").deltas(6).pace(Duration.ofMillis(250)));
        telegram.userSays(group, alice, "@proto_bot and here?");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> bridge.lastShown(group).equals("Groups get an edited message instead."));
        assertThat(telegram.calls("sendMessageDraft")).isEmpty();
        assertThat(telegram.sent(group).getFirst().edits()).isPositive();
    }
}
