package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakeDiscordSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bot with {@code locale: zh-CN} on Discord: commands, refusals and notices in Chinese; Coze's text as sent. */
class DiscordChineseTest {

    @TempDir
    Path dir;

    private DiscordBridge bridge;
    private FakeDiscord discord;
    private FakeCoze coze;

    @BeforeEach
    void start() {
        bridge = DiscordBridge.in(dir)
                .discord(FakeDiscordSettings.defaults())
                .bot(bot -> bot.locale(BotLocale.ZH_CN))
                .start();
        discord = bridge.discord;
        coze = bridge.coze;
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void slashCommandsAreDescribedInChineseWithEnglishLocalizations() {
        var commands = discord.registeredCommands();
        assertThat(commands).hasSize(4);
        var ask = commands.get(0);
        assertThat(ask.path("name").asText()).isEqualTo("ask");
        assertThat(ask.path("description").asText()).isEqualTo("向机器人提问");
        assertThat(ask.at("/description_localizations/en-US").asText()).isEqualTo("Ask the bot a question");
        assertThat(ask.at("/options/0/description").asText()).isEqualTo("你的问题");
        assertThat(ask.at("/options/0/description_localizations/en-GB").asText())
                .isEqualTo("Your question");
        assertThat(commands.get(1).path("description").asText()).isEqualTo("停止正在生成的回答");
        assertThat(commands.get(2).path("description").asText()).isEqualTo("忘记这段对话，重新开始");
    }

    @Test
    void refusalsAndFailureNoticesAreChinese() {
        String refused = discord.slash(discord.alice(), discord.general(), "reset", Map.of());
        await().until(() -> discord.interactionResponse(refused).isPresent());
        assertThat(discord.interactionResponse(refused)).contains(Sentences.zh(Text.RESET_NEEDS_MANAGE_MESSAGES));

        String help = discord.slash(discord.alice(), discord.general(), "help", Map.of());
        await().until(() -> discord.interactionResponse(help).isPresent());
        assertThat(discord.interactionResponse(help).orElseThrow()).contains("由 Coze 智能体回答");

        coze.enqueue(Script.jsonError(200, 4200, "bot not found"));
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " 你好");
        String expected = "*" + Sentences.zh(Text.of(FailureKind.BOT_NOT_FOUND)) + "*";
        await().until(() -> bridge.replyTo(discord.general(), question)
                .flatMap(discord::text)
                .filter(expected::equals)
                .isPresent());

        coze.enqueue(Script.answer("An English answer stays English."));
        String second =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " hi");
        await().until(() -> bridge.replyTo(discord.general(), second)
                .flatMap(discord::text)
                .filter("An English answer stays English."::equals)
                .isPresent());
    }
}
