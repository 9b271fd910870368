package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.conversation.BotRuntime;
import dev.cozebridge.conversation.ConversationService;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakeDiscordSettings;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bot with {@code locale: zh-CN} on Discord: commands, refusals and notices in Chinese; Coze's text as sent. */
class DiscordChineseTest {

    @TempDir
    Path dir;

    private FakeDiscord discord;
    private FakeCoze coze;
    private CozeClient client;
    private Database database;
    private ConversationService service;
    private DiscordAdapter adapter;

    @BeforeEach
    void start() {
        discord = FakeDiscord.start(FakeDiscordSettings.defaults());
        coze = FakeCoze.start();
        client = CozeClient.create(new CozeSettings(
                coze.baseUrl(),
                new Secret(coze.token()),
                null,
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                0,
                0));
        database = Database.open("jdbc:h2:file:" + dir.resolve("bridge"));
        BotSettings english = DiscordTestBots.bot(discord, false);
        BotSettings bot = BotSettings.builder(english.name(), english.botId(), null)
                .locale(BotLocale.ZH_CN)
                .discord(english.discord())
                .build();
        service = new ConversationService(
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Map.of(bot.name(), new BotRuntime(bot, client)),
                Clock.systemUTC(),
                BridgeMetrics.NOOP);
        adapter = new DiscordAdapter(bot, Clock.systemUTC(), BridgeMetrics.NOOP);
        service.register(adapter);
        adapter.start(service);
        service.recover(adapter);
    }

    @AfterEach
    void stop() {
        service.shutdown(Duration.ofSeconds(5));
        adapter.stop();
        database.close();
        client.close();
        coze.close();
        discord.close();
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
        await().until(() -> reply(question).filter(expected::equals).isPresent());

        coze.enqueue(Script.answer("An English answer stays English."));
        String second =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " hi");
        await().until(() ->
                reply(second).filter("An English answer stays English."::equals).isPresent());
    }

    private Optional<String> reply(String question) {
        return discord.botMessages(discord.general()).stream()
                .filter(id -> discord.repliesTo(id).filter(question::equals).isPresent())
                .findFirst()
                .flatMap(discord::text);
    }
}
