package dev.cozebridge.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.conversation.BotRuntime;
import dev.cozebridge.conversation.ConversationService;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.coze.Script.KnowledgeChunk;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal chat over piped input, with H2, FakeCoze and CozeClient. */
class ConsoleChatTest {

    private static final String BOT = "helper";

    @TempDir
    Path dir;

    FakeCoze coze;
    CozeClient client;

    @BeforeEach
    void setUp() {
        coze = FakeCoze.start();
        client = CozeClient.create(
                TestSettings.coze(coze).totalTimeout(Duration.ofSeconds(60)).build());
    }

    @AfterEach
    void tearDown() {
        client.close();
        coze.close();
    }

    /** One process run of {@code chat}: open the database, wire the console, read {@code input}, shut down. */
    private Run chat(String input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("bridge"))) {
            BotSettings settings =
                    BotSettings.builder(BOT, "7429890021130403874", null).build();
            ConversationService service = new ConversationService(
                    new JdbcHistoryStore(new Jdbc(database.dataSource())),
                    Map.of(BOT, new BotRuntime(settings, client)),
                    Clock.systemUTC(),
                    BridgeMetrics.NOOP);
            ConsoleAdapter adapter = new ConsoleAdapter(BOT, settings.catalog(), out);
            service.register(adapter);
            adapter.start(service);
            service.recover(adapter);
            ConsoleChat chat = new ConsoleChat(adapter, service, "alice", Clock.systemUTC());
            int code = chat.run(new BufferedReader(new StringReader(input)), out);
            service.shutdown(Duration.ofSeconds(5));
            adapter.stop();
            return new Run(code, bytes.toString(StandardCharsets.UTF_8), chat.key());
        }
    }

    private record Run(int exitCode, String output, ConversationKey key) {}

    @Test
    void streamsTheAnswerWithFootnotesAndResetClearsTheHistory() {
        coze.enqueue(Script.answer("Green tea is lighter than black tea.")
                .deltas(8)
                .pace(Duration.ofMillis(10))
                .knowledge(List.of(KnowledgeChunk.web("d1", "Tea guide", "https://example.com/tea", 0.9))));
        Run run = chat("which tea is lighter?\n/reset\nand now?\n");

        assertThat(run.exitCode()).isZero();
        assertThat(run.key()).isEqualTo(new ConversationKey(BOT, "console", "alice"));
        assertThat(run.output())
                .contains("Green tea is lighter than black tea.\n\nSources:\n[1] Tea guide - https://example.com/tea")
                .contains("history is cleared")
                .contains("You said: and now?");
        // the answer appeared once, append-only: its text is not printed twice
        assertThat(run.output().split("Green tea is lighter", -1)).hasSize(2);
        List<RecordedChat> chats = coze.chats();
        assertThat(chats).hasSize(2);
        assertThat(chats.get(1).messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly("and now?");
        assertThat(chats.get(0).userId()).isEqualTo("helper/console/alice");
    }

    @Test
    void aSecondRunOnTheSameDatabaseContinuesTheConversation() {
        Run first = chat("my name is Alice\n");
        assertThat(first.output()).contains("You said: my name is Alice");
        Run second = chat("what is my name?\n");
        assertThat(second.exitCode()).isZero();
        assertThat(coze.chats().get(1).messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly("my name is Alice", "You said: my name is Alice", "what is my name?");
    }

    @Test
    void helpAndUnknownCommands() {
        Run run = chat("/help\n/nope\n/exit\nnever sent\n");
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).contains("/reset", "Unknown command /nope");
        assertThat(coze.chats()).isEmpty();
    }

    @Test
    void linesGoToTheSinkTheAdapterWasStartedWithAndEachAnswerIsAwaitedThroughTheContract() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleAdapter adapter = new ConsoleAdapter(BOT, Catalog.of(BotLocale.EN), out);
        RecordingSink sink = new RecordingSink();
        List<ConversationKey> awaited = new CopyOnWriteArrayList<>();
        adapter.start(sink);

        ConsoleChat chat = new ConsoleChat(
                adapter,
                (key, timeout) -> {
                    awaited.add(key);
                    return true;
                },
                "alice",
                Clock.systemUTC());
        int code = chat.run(new BufferedReader(new StringReader("first\n/reset\nsecond\n/help\n")), out);

        assertThat(code).isZero();
        assertThat(sink.texts()).containsExactly("first", "second");
        assertThat(sink.accepted).allSatisfy(m -> {
            assertThat(m.key()).isEqualTo(chat.key());
            assertThat(m.replyTarget().privateChat()).isTrue();
        });
        assertThat(sink.resets).extracting(RecordingSink.Reset::key).containsExactly(chat.key());
        assertThat(awaited).containsExactly(chat.key(), chat.key());
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("Conversation reset by alice.")
                .contains("**helper** answers questions.");
    }

    @Test
    void theLoopNeedsAStartedAdapter() {
        ConsoleAdapter adapter =
                new ConsoleAdapter(BOT, Catalog.of(BotLocale.EN), new PrintStream(new ByteArrayOutputStream()));
        ConsoleChat chat = new ConsoleChat(adapter, (key, timeout) -> true, "alice", Clock.systemUTC());
        assertThatThrownBy(() -> chat.run(new BufferedReader(new StringReader("hi\n")), System.out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
    }
}
