package dev.cozebridge.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T06:00:00Z");
    private static final ConversationKey KEY = new ConversationKey("helper", "telegram", "42");

    @TempDir
    Path dir;

    @Test
    void specsAreValidOnEveryPlatformInEveryLanguage() {
        assertThat(BridgeCommands.offered(BridgeCommands.Surface.CHAT))
                .extracting(CommandSpec::name)
                .containsExactly("ask", "stop", "reset", "help");
        assertThat(BridgeCommands.offered(BridgeCommands.Surface.TERMINAL))
                .extracting(CommandSpec::name)
                .containsExactly("reset", "help", "exit");
        for (BotLocale locale : BotLocale.values()) {
            Catalog catalog = Catalog.of(locale);
            assertThat(List.of(
                            BridgeCommands.ASK,
                            BridgeCommands.STOP,
                            BridgeCommands.RESET,
                            BridgeCommands.HELP,
                            BridgeCommands.START,
                            BridgeCommands.EXIT))
                    .allSatisfy(spec -> {
                        assertThat(spec.name()).matches("[a-z0-9_]{1,32}");
                        assertThat(catalog.get(spec.description())).isNotBlank().hasSizeLessThanOrEqualTo(100);
                        spec.options()
                                .forEach(o -> assertThat(catalog.get(o.description()))
                                        .isNotBlank()
                                        .hasSizeLessThanOrEqualTo(100));
                    });
        }
        assertThat(Catalog.of(BotLocale.EN).get(BridgeCommands.RESET.description()))
                .isEqualTo("Forget this conversation and start over");
        assertThat(Catalog.of(BotLocale.ZH_CN).get(BridgeCommands.RESET.description()))
                .isEqualTo("忘记这段对话，重新开始");
        assertThat(BridgeCommands.ASK.options())
                .extracting(CommandSpec.Option::name, CommandSpec.Option::required, CommandSpec.Option::type)
                .containsExactly(
                        tuple("prompt", true, CommandSpec.Option.Type.TEXT),
                        tuple("file", false, CommandSpec.Option.Type.FILE));
    }

    @Test
    void resetRecordsWhoAndWhenAndConfirms() {
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("bridge"))) {
            JdbcHistoryStore store = new JdbcHistoryStore(new Jdbc(database.dataSource()));
            Author alice = new Author("u-1", "Alice");
            store.appendUserTurn(KEY, alice, "hello", "m-1", NOW.minusSeconds(60));
            ConversationCommands commands = new ConversationCommands(store, Clock.fixed(NOW, ZoneOffset.UTC));

            String confirmation = commands.reset(bot(BotLocale.EN), KEY, alice);

            assertThat(confirmation).contains("cleared");
            assertThat(store.lastReset(KEY)).get().satisfies(r -> {
                assertThat(r.byId()).isEqualTo("u-1");
                assertThat(r.at()).isEqualTo(NOW);
            });
            assertThat(store.window(KEY, 20, 10_000)).isEmpty();
            assertThat(store.turns(KEY)).hasSize(1);
        }
    }

    @Test
    void helpExplainsHowToTalkAndListsTheCommands() {
        String help =
                new ConversationCommands(null, Clock.systemUTC()).help(bot(BotLocale.EN), BridgeCommands.Surface.CHAT);
        assertThat(help)
                .startsWith("**helper**")
                .contains(
                        "mention the bot",
                        "/ask <prompt>: Ask the bot a question",
                        "/reset: Forget this conversation and start over",
                        "/help: How to use this bot")
                .doesNotContain("/exit");
    }

    @Test
    void terminalHelpListsOnlyWhatTheTerminalUnderstands() {
        String help = new ConversationCommands(null, Clock.systemUTC())
                .help(bot(BotLocale.EN), BridgeCommands.Surface.TERMINAL);
        assertThat(help)
                .contains("press Enter", "/reset:", "/help:", "/exit: Leave the chat")
                .doesNotContain("/ask", "mention the bot");
    }

    @Test
    void helpAndConfirmationSpeakTheBotsLanguage() {
        String help = new ConversationCommands(null, Clock.systemUTC())
                .help(bot(BotLocale.ZH_CN), BridgeCommands.Surface.CHAT);
        assertThat(help).contains("由 Coze 智能体回答", "/reset: 忘记这段对话，重新开始", "/ask <prompt>: 向机器人提问");
    }

    private static BotSettings bot(BotLocale locale) {
        return BotSettings.builder("helper", "123", null).locale(locale).build();
    }
}
