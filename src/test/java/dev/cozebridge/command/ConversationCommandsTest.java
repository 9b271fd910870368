package dev.cozebridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationCommandsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T06:00:00Z");
    private static final ConversationKey KEY = new ConversationKey("helper", "telegram", "42");

    @TempDir
    Path dir;

    @Test
    void specsAreValidOnEveryPlatform() {
        assertThat(BridgeCommands.all()).extracting(CommandSpec::name).containsExactly("ask", "reset", "help");
        assertThat(BridgeCommands.all()).allSatisfy(spec -> {
            assertThat(spec.name()).matches("[a-z0-9_]{1,32}");
            assertThat(spec.description()).isNotBlank().hasSizeLessThanOrEqualTo(100);
        });
        assertThat(BridgeCommands.RESET.description()).isEqualTo("Clear this conversation's history");
        assertThat(BridgeCommands.HELP.description()).isEqualTo("How to use this bot");
        assertThat(BridgeCommands.ASK.options())
                .singleElement()
                .satisfies(o -> assertThat(o.required()).isTrue());
    }

    @Test
    void resetRecordsWhoAndWhenAndConfirms() {
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("bridge"))) {
            JdbcHistoryStore store = new JdbcHistoryStore(new Jdbc(database.dataSource()));
            Author alice = new Author("u-1", "Alice");
            store.appendUserTurn(KEY, alice, "hello", "m-1", NOW.minusSeconds(60));
            ConversationCommands commands = new ConversationCommands(store, Clock.fixed(NOW, ZoneOffset.UTC));

            String confirmation = commands.reset(KEY, alice);

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
        BotSettings bot = TestSettings.bot("helper").botId("123").build();
        String help = new ConversationCommands(null, Clock.systemUTC()).help(bot);
        assertThat(help)
                .startsWith("**helper**")
                .contains(
                        "mention the bot",
                        "/ask <prompt>",
                        "/reset: Clear this conversation's history",
                        "/help: How to use this bot");
    }
}
