package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.RecordingMetrics;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.JdbcPlatformStateStore;
import dev.cozebridge.store.PlatformStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TelegramBots long polling against the fake; the core replaced by a recording sink. */
class TelegramAdapterInboundTest {

    private final FakeTelegram fake = FakeTelegram.start(TelegramTestSetup.fakeSettings());
    private final Database database;
    private final PlatformStateStore state;
    private final RecordingSink sink = new RecordingSink();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final FakeTelegram.User alice = new FakeTelegram.User(555, "Alice", "Liddell", "alice", false);
    private final FakeTelegram.User bob = FakeTelegram.User.human(666, "Bob", null);
    private TelegramAdapter adapter;

    TelegramAdapterInboundTest(@TempDir Path folder) {
        database = Database.open("jdbc:h2:file:" + folder.resolve("bridge"));
        state = new JdbcPlatformStateStore(new Jdbc(database.dataSource()));
        adapter = newAdapter(false);
    }

    private TelegramAdapter newAdapter(boolean resetByAnyone) {
        TelegramAdapter created = new TelegramAdapter(
                TelegramTestSetup.bot(fake, false, resetByAnyone),
                state,
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Clock.systemUTC(),
                metrics,
                TelegramTestSetup.tuning());
        // command answers go back through the core, which sends them through the adapter
        sink.outlet = created;
        return created;
    }

    @AfterEach
    void close() {
        adapter.stop();
        fake.close();
        database.close();
    }

    @Test
    void startsLikeABotAndTurnsAPrivateMessageIntoAnInboundMessage() {
        adapter.start(sink);
        assertThat(adapter.connected()).isTrue();
        assertThat(fake.calls("getMe")).hasSize(1);
        assertThat(fake.calls("deleteWebhook")).isNotEmpty();
        assertThat(fake.registeredCommands())
                .extracting(c -> c.path("command").asText())
                .containsExactly("start", "ask", "stop", "reset", "help");
        assertThat(fake.registeredCommands("en"))
                .extracting(c -> c.path("description").asText())
                .containsExactly(
                        "What this bot does",
                        "Ask the bot a question",
                        "Stop the answer being written",
                        "Forget this conversation and start over",
                        "How to use this bot");
        assertThat(fake.registeredCommands("zh"))
                .extracting(c -> c.path("description").asText())
                .containsExactly("此机器人能做什么", "向机器人提问", "停止正在生成的回答", "忘记这段对话，重新开始", "如何使用此机器人");

        FakeTelegram.Chat chat = fake.privateChat(alice);
        int id = fake.userSays(chat, alice, "What is the weather like?");
        await().until(() -> sink.accepted.size() == 1);
        InboundMessage m = sink.accepted.getFirst();
        assertThat(m.key()).isEqualTo(new ConversationKey("helpdesk", "telegram", "555"));
        assertThat(m.platformMessageId()).isEqualTo("555:" + id);
        assertThat(m.author()).isEqualTo(new Author("555", "Alice Liddell"));
        assertThat(m.text()).isEqualTo("What is the weather like?");
        assertThat(m.replyTarget()).isEqualTo(new ReplyTarget("555", null, Integer.toString(id), null, true));
        assertThat(m.multiUser()).isFalse();
        assertThat(m.places()).containsExactly("555");
        assertThat(m.receivedAt())
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(state.get("telegram:helpdesk:offset")).contains("1");
    }

    @Test
    void groupsAnswerMentionsRepliesAndAskOnly() {
        adapter.start(sink);
        FakeTelegram.Chat group = fake.supergroup(-1001, "Team");
        MessageRef botMessage = adapter.send(ReplyTarget.channel("-1001"), "I am here");
        fake.userSays(group, alice, "just chatting among humans");
        fake.userSays(group, alice, "/reset@other_bot");
        fake.userSays(group, bob, "@someone_else look");
        fake.userSays(group, new FakeTelegram.User(999, "Other", null, "other_bot", true), "@proto_bot I am a bot");
        fake.userSays(group, alice, "hey @proto_bot what is new?");
        fake.userReplies(group, bob, Integer.parseInt(botMessage.messageId()), "thanks, and tomorrow?");
        fake.userSays(group, alice, "/ask@proto_bot summarize please");
        fake.message(group, bob, "Proto translate this")
                .textMention("Proto", fake.bot())
                .send();
        await().until(() -> sink.accepted.size() == 4);
        assertThat(sink.texts())
                .containsExactly("hey what is new?", "thanks, and tomorrow?", "summarize please", "translate this");
        assertThat(sink.accepted).allSatisfy(m -> {
            assertThat(m.multiUser()).isTrue();
            assertThat(m.key().scope()).isEqualTo("-1001");
            assertThat(m.replyTarget().privateChat()).isFalse();
        });
        assertThat(sink.accepted.get(1).author()).isEqualTo(new Author("666", "Bob"));
    }

    @Test
    void forumTopicsAreSeparateConversationsAndRepliesStayInTheTopic() {
        adapter.start(sink);
        FakeTelegram.Chat forum = fake.forum(-1002, "Forum");
        int botTopic = fake.createTopic(forum, "Opened by the bot", fake.bot());
        int userTopic = fake.createTopic(forum, "Questions", alice);
        fake.userSaysInTopic(forum, botTopic, bob, "no mention here, only the implicit topic reply");
        int asked = fake.userSaysInTopic(forum, userTopic, alice, "@proto_bot first question");
        fake.userSaysInTopic(forum, botTopic, bob, "@proto_bot second question");
        fake.userSays(forum, bob, "@proto_bot in General");
        await().until(() -> sink.accepted.size() == 3);
        assertThat(sink.accepted)
                .extracting(m -> m.key().scope())
                .containsExactly("-1002:" + userTopic, "-1002:" + botTopic, "-1002");
        ReplyTarget target = sink.accepted.getFirst().replyTarget();
        assertThat(target)
                .isEqualTo(new ReplyTarget("-1002", Integer.toString(userTopic), Integer.toString(asked), null, false));

        adapter.send(target, "answer in the topic");
        assertThat(fake.sent(forum)).singleElement().satisfies(s -> {
            assertThat(s.threadId()).isEqualTo(userTopic);
            assertThat(s.replyTo()).isEqualTo(asked);
        });
    }

    @Test
    void helpIsAnsweredThroughTheCoreAndAnEmptyMentionIsTheCoresToJudge() {
        adapter.start(sink);
        FakeTelegram.Chat chat = fake.privateChat(alice);
        FakeTelegram.Chat group = fake.group(-5, "Small group");
        fake.userSays(chat, alice, "/start");
        fake.userSays(group, bob, "@proto_bot");
        await().until(() -> fake.sent(chat).size() == 1 && sink.accepted.size() == 1);
        assertThat(fake.sent(chat).getFirst().text()).isEqualTo("helpdesk answers questions. Mention me or use /ask.");
        assertThat(fake.sent(chat).getFirst().entityTypes()).containsExactly("bold");
        assertThat(sink.responses)
                .singleElement()
                .satisfies(r -> assertThat(r.key().scope()).isEqualTo("555"));
        // the one empty-question rule lives in the core: the adapter hands the bare mention over
        assertThat(sink.accepted.getFirst().text()).isEmpty();
        // the adapter counts none of these writes: whoever performs a write counts it
        assertThat(metrics.writes("telegram", "send")).isZero();
    }

    @Test
    void resetInGroupsNeedsAnAdministrator() {
        adapter.start(sink);
        FakeTelegram.Chat group = fake.supergroup(-1003, "Team");
        fake.userSays(group, alice, "hello");
        fake.setAdmins(group, alice);
        fake.userSays(group, bob, "/reset");
        await().until(() -> fake.sent(group).size() == 1);
        assertThat(fake.sent(group).getFirst().text()).isEqualTo(Sentences.en(Text.RESET_ADMINS_ONLY));
        assertThat(sink.resets).isEmpty();

        fake.userSays(group, alice, "/reset@proto_bot");
        await().until(() -> fake.sent(group).size() == 2);
        assertThat(sink.resets)
                .extracting(RecordingSink.Reset::key)
                .containsExactly(new ConversationKey("helpdesk", "telegram", "-1003"));
        assertThat(fake.sent(group).get(1).text()).isEqualTo("Conversation reset by Alice Liddell.");
        assertThat(fake.calls("getChatMember")).hasSize(2);

        FakeTelegram.Chat chat = fake.privateChat(bob);
        fake.userSays(chat, bob, "/reset");
        await().until(() -> sink.resets.size() == 2);
        assertThat(fake.calls("getChatMember")).hasSize(2);
    }

    @Test
    void resetByAnyoneSkipsTheAdministratorCheck() {
        adapter = newAdapter(true);
        adapter.start(sink);
        FakeTelegram.Chat group = fake.supergroup(-1004, "Open");
        fake.userSays(group, bob, "/reset");
        await().until(() -> sink.resets.size() == 1);
        assertThat(fake.calls("getChatMember")).isEmpty();
    }

    @Test
    void deniedAuthorsGetNoCommandAnswers() {
        sink.deniedAuthors.add("666");
        adapter.start(sink);
        FakeTelegram.Chat chat = fake.privateChat(bob);
        fake.userSays(chat, bob, "/help");
        fake.userSays(chat, bob, "/reset");
        FakeTelegram.Chat other = fake.privateChat(alice);
        fake.userSays(other, alice, "/help");
        await().until(() -> fake.sent(other).size() == 1);
        assertThat(fake.sent(chat)).isEmpty();
        assertThat(sink.resets).isEmpty();
    }

    @Test
    void aRestartResumesAfterTheLastHandledUpdate() {
        adapter.start(sink);
        FakeTelegram.Chat chat = fake.privateChat(alice);
        fake.userSays(chat, alice, "first");
        await().until(() -> sink.accepted.size() == 1);
        adapter.stop();
        assertThat(adapter.connected()).isFalse();

        // Telegram never saw the confirmation: it offers the old update again.
        fake.redeliverConfirmedUpdates();
        RecordingSink second = new RecordingSink();
        adapter = newAdapter(false);
        adapter.start(second);
        fake.userSays(chat, alice, "second");
        await().until(() -> !second.accepted.isEmpty());
        assertThat(second.texts()).containsExactly("second");
        assertThat(state.get("telegram:helpdesk:offset")).contains("2");
    }

    @Test
    void aWrongTokenFailsStartWithoutLeakingIt() {
        String secret = "987654321:AAsecretTokenThatMustNotLeak";
        TelegramAdapter wrong = new TelegramAdapter(
                TelegramTestSetup.bot("helpdesk", secret, fake.apiUrl(), false, false, null),
                state,
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Clock.systemUTC(),
                BridgeMetrics.NOOP,
                TelegramTestSetup.tuning());
        assertThatThrownBy(() -> wrong.start(sink)).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.kind()).isEqualTo(PlatformException.Kind.FAILED);
            assertThat(e.getMessage()).contains("401").doesNotContain(secret).doesNotContain("AAsecret");
        });
        assertThat(wrong.connected()).isFalse();
        wrong.stop();
    }

    @Test
    void anUnreachableApiFailsStartClearly() {
        TelegramAdapter nowhere = new TelegramAdapter(
                TelegramTestSetup.bot("helpdesk", fake.token(), "http://127.0.0.1:1", false, false, null),
                state,
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Clock.systemUTC(),
                BridgeMetrics.NOOP,
                TelegramTestSetup.tuning());
        assertThatThrownBy(() -> nowhere.start(sink))
                .isInstanceOfSatisfying(
                        PlatformException.class,
                        e -> assertThat(e.getMessage())
                                .contains("did not answer getMe")
                                .doesNotContain(fake.token()));
    }

    /** The longest long poll Telegram allows. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(50);

    @Test
    void stopReturnsPromptlyEvenWithALongPollInFlight() {
        adapter = new TelegramAdapter(
                TelegramTestSetup.bot(fake, false, false),
                state,
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Clock.systemUTC(),
                BridgeMetrics.NOOP,
                new TelegramTuning(
                        POLL_TIMEOUT,
                        TelegramTestSetup.tuning().privateChat(),
                        TelegramTestSetup.tuning().groupChat(),
                        TelegramTestSetup.tuning().global(),
                        TelegramTestSetup.STARTUP));
        adapter.start(sink);
        await().until(() -> fake.waitingPolls() == 1);
        // a stop that waited for the poll would take its whole 50 s; a prompt one returns long before
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(adapter::stop, Thread.ofVirtual()::start);
        await().atMost(POLL_TIMEOUT.dividedBy(3)).until(stopped::isDone);
        assertThat(stopped).isCompleted();
        assertThat(List.of(adapter.connected())).containsExactly(false);
    }
}
