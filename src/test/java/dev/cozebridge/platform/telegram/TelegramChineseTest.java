package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bot with {@code locale: zh-CN}: the bridge's own sentences are Chinese, Coze's answers pass untranslated. */
class TelegramChineseTest {

    private final TelegramBridge bridge;
    private final FakeTelegram telegram;
    private final FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");
    private final FakeTelegram.User bob = FakeTelegram.User.human(666, "Bob", "bob");

    TelegramChineseTest(@TempDir Path folder) {
        bridge = new TelegramBridge(folder, false, BotLocale.ZH_CN);
        telegram = bridge.telegram;
    }

    @AfterEach
    void close() {
        bridge.close();
    }

    @Test
    void theMenuHelpNoticesAndRefusalsAreChinese() {
        assertThat(telegram.registeredCommands())
                .extracting(c -> c.path("description").asText())
                .containsExactly("此机器人能做什么", "向机器人提问", "停止正在生成的回答", "忘记这段对话，重新开始", "如何使用此机器人");
        assertThat(telegram.registeredCommands("en"))
                .extracting(c -> c.path("description").asText())
                .contains("Ask the bot a question");

        FakeTelegram.Chat chat = telegram.privateChat(alice);
        telegram.userSays(chat, alice, "/help");
        await().until(() -> bridge.lastShown(chat).contains("由 Coze 智能体回答"));
        assertThat(bridge.lastShown(chat)).contains("/reset: 忘记这段对话，重新开始");

        FakeTelegram.Chat group = telegram.supergroup(-1009, "团队");
        telegram.setAdmins(group, alice);
        telegram.userSays(group, bob, "/reset");
        await().until(() -> bridge.lastShown(group).equals(Sentences.zh(Text.RESET_ADMINS_ONLY)));

        telegram.userSays(group, bob, "@proto_bot");
        await().until(() -> bridge.lastShown(group).equals(Sentences.zh(Text.NOTICE_EMPTY_QUESTION)));
    }

    @Test
    void aCozeFailureIsToldInChineseAndAnAnswerIsNotTranslated() {
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.jsonError(200, 4200, "bot not found"));
        telegram.userSays(chat, alice, "你好");
        await().until(() -> bridge.lastShown(chat).equals(Sentences.zh(Text.of(FailureKind.BOT_NOT_FOUND))));

        bridge.coze.enqueue(Script.answer("Hello! I answer in the language my prompt says."));
        telegram.userSays(chat, alice, "hello");
        await().until(() -> bridge.lastShown(chat).equals("Hello! I answer in the language my prompt says."));
    }
}
