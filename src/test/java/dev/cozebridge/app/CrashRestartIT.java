package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.StoredTurn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar killed and restarted against the fakes: SIGKILL mid-answer with messages queued behind it, SIGTERM
 * in several chats, and a kill in the window between sending a reply's first message and recording it. After the
 * restart every accepted message is answered exactly once, in order, and no message keeps the streaming marker.
 */
class CrashRestartIT {
    private static final String MARKER = "▌";

    @TempDir
    Path dir;

    private FakeCoze coze;
    private FakeTelegram telegram;
    private Process process;
    private final FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");

    @BeforeEach
    void setUp() {
        coze = FakeCoze.start();
        telegram = FakeTelegram.start();
        // every answer not scripted otherwise echoes the question
        coze.defaultScript(
                chat -> Script.answer("Answer to " + chat.lastUserText()).deltas(3));
    }

    @AfterEach
    void tearDown(org.junit.jupiter.api.TestInfo test) throws IOException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        // the bridge's own log outlives the temporary folder, for whoever reads a failure
        PackagedJar.keepLog(
                dir.resolve("bridge.log"),
                "CrashRestartIT-" + test.getTestMethod().orElseThrow().getName());
        telegram.close();
        coze.close();
    }

    @Test
    void sigkillWithAStreamingReplyAndThreeQueuedMessagesAnswersAllFourOnceAfterTheRestart() throws Exception {
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        start();
        Script first = Script.answer("The first answer is streaming when the process dies")
                .deltas(10)
                .stallAfter(3);
        coze.enqueue(first);
        telegram.userSays(chat, alice, "q1");
        awaitStreamingUpToTheStall(chat, first);
        for (String q : List.of("q2", "q3", "q4")) {
            telegram.userSays(chat, alice, q);
        }
        // Telegram will not deliver them again: the bridge confirmed them (its next getUpdates offset), which it does
        // only once they are stored; an in-memory queue would lose them now
        await().atMost(Duration.ofSeconds(30)).until(() -> telegram.pendingUpdates() == 0);

        process.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        start();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> telegram.sent(chat).size() == 4
                        && telegram.sent(chat).getLast().text().equals("Answer to q4"));
        List<FakeTelegram.SentMessage> sent = telegram.sent(chat);
        // what the killed process had recorded as shown: at least the first delta (the record follows each write)
        assertThat(sent.getFirst().text())
                .startsWith(first.textAfterDeltas(1).strip())
                .contains("interrupted")
                .doesNotContain(MARKER);
        assertThat(sent.subList(1, 4))
                .extracting(FakeTelegram.SentMessage::text)
                .containsExactly("Answer to q2", "Answer to q3", "Answer to q4");
        assertNoMarker(chat);
        stop();
        assertThat(queued()).isZero();
        List<StoredTurn> turns = turns("555");
        assertThat(turns.stream().filter(t -> t.role() == Role.USER).map(StoredTurn::text))
                .containsExactly("q1", "q2", "q3", "q4");
        assertThat(turns.stream().filter(t -> t.role() == Role.ASSISTANT).map(StoredTurn::status))
                .containsExactly(TurnStatus.PARTIAL, TurnStatus.COMPLETE, TurnStatus.COMPLETE, TurnStatus.COMPLETE);
    }

    @Test
    void sigtermInThreeChatsFinalizesWhatStreamsAndAnswersWhatWaitedAfterTheRestart() throws Exception {
        List<FakeTelegram.Chat> chats = List.of(
                telegram.privateChat(alice),
                telegram.privateChat(FakeTelegram.User.human(556, "Bob", "bob")),
                telegram.privateChat(FakeTelegram.User.human(557, "Carol", "carol")));
        start();
        for (FakeTelegram.Chat chat : chats) {
            Script streaming = Script.answer("Streaming in chat " + chat.id() + " when SIGTERM comes")
                    .deltas(10)
                    .stallAfter(3);
            coze.enqueue(streaming);
            telegram.userSays(chat, chat.peer(), "first");
            awaitStreamingUpToTheStall(chat, streaming);
            telegram.userSays(chat, chat.peer(), "second");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> telegram.pendingUpdates() == 0);

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (FakeTelegram.Chat chat : chats) {
            assertThat(telegram.sent(chat)).hasSize(1);
            assertThat(telegram.sent(chat).getFirst().text())
                    .startsWith("Streaming")
                    .doesNotContain(MARKER);
        }
        assertThat(queued())
                .as("waiting messages stay queued over a clean stop")
                .isEqualTo(3);

        start();
        for (FakeTelegram.Chat chat : chats) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> telegram.sent(chat).size() == 2
                            && telegram.sent(chat).get(1).text().equals("Answer to second"));
            assertNoMarker(chat);
        }
        stop();
        assertThat(queued()).isZero();
    }

    @Test
    void aKillRightAfterTheFirstSendIsFinalizedOnTheRestart() throws Exception {
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        start();
        coze.enqueue(Script.answer("Killed before the bridge learns this message's id")
                .deltas(10)
                .stallAfter(3));
        Process running = process;
        // the message exists at Telegram, but the bridge dies before it hears the id
        telegram.afterNextSend(running::destroyForcibly);
        int question = telegram.userSays(chat, alice, "q1");
        assertThat(running.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(telegram.sent(chat)).hasSize(1);

        start();
        await().atMost(Duration.ofSeconds(60)).until(() -> telegram.sent(chat).size() == 2);
        assertNoMarker(chat);
        assertThat(telegram.sent(chat).get(1).text()).contains("interrupted");
        // the notice quotes its question, so the asker knows which answer was cut off
        assertThat(telegram.sent(chat).get(1).replyTo()).isEqualTo(question);
        stop();
        assertThat(queued()).isZero();
        assertThat(turns("555").stream().filter(t -> t.role() == Role.ASSISTANT).map(StoredTurn::status))
                .containsExactly(TurnStatus.FAILED);
    }

    /**
     * Waits until the chat's one message shows the answer up to where the script stalls, still marked as streaming.
     * The bridge may send all of it at once or send a part and edit it: whichever it did, the reply is mid-stream.
     */
    private void awaitStreamingUpToTheStall(FakeTelegram.Chat chat, Script script) {
        String shown = script.textAfterDeltas(3).strip();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(telegram.sent(chat))
                        .singleElement()
                        .extracting(FakeTelegram.SentMessage::text)
                        .asString()
                        .startsWith(shown)
                        .contains(MARKER));
    }

    private void assertNoMarker(FakeTelegram.Chat chat) {
        assertThat(telegram.sent(chat))
                .extracting(FakeTelegram.SentMessage::text)
                .allSatisfy(text -> assertThat(text).doesNotContain(MARKER));
    }

    private void start() throws IOException {
        Path config = dir.resolve("bots.yml");
        Files.writeString(config, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN, idle_timeout: 120s, first_event_timeout: 60s}
                database: {url: "jdbc:h2:file:%s/data/bridge"}
                bots:
                  - name: demo
                    coze: {bot_id: "7400000000000000001"}
                    conversation: {parallel: 1}
                    telegram: {token_env: TELEGRAM_BOT_TOKEN, api_url: "%s"}
                """.formatted(coze.baseUrl(), dir, telegram.apiUrl()));
        ProcessBuilder builder = PackagedJar.run(
                config,
                dir.resolve("bridge.log"),
                Map.of("COZE_API_TOKEN", coze.token(), "TELEGRAM_BOT_TOKEN", telegram.token()));
        process = builder.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> telegram.waitingPolls() > 0);
    }

    private void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** Messages still queued; read while the bridge is stopped (H2's file lock admits one process). */
    private int queued() {
        try (Database db = Database.open("jdbc:h2:file:" + dir + "/data/bridge")) {
            return new JdbcHistoryStore(new Jdbc(db.dataSource())).queue().depth("demo", "telegram");
        }
    }

    private List<StoredTurn> turns(String scope) {
        try (Database db = Database.open("jdbc:h2:file:" + dir + "/data/bridge")) {
            return new JdbcHistoryStore(new Jdbc(db.dataSource()))
                    .turns(new ConversationKey("demo", "telegram", scope));
        }
    }
}
