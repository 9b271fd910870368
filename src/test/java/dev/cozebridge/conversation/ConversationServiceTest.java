package dev.cozebridge.conversation;

import static dev.cozebridge.conversation.EngineFixture.ALICE;
import static dev.cozebridge.conversation.EngineFixture.BOB;
import static dev.cozebridge.conversation.EngineFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.RecordingPlatform.Call;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.platform.InboundSink.Acceptance;
import dev.cozebridge.store.StoredTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ordering, parallelism, dedupe, history and reset: the service with H2, FakeCoze + CozeClient, and a recording platform. */
class ConversationServiceTest {

    @TempDir
    Path dir;

    EngineFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private void idle(String scope) throws InterruptedException {
        assertThat(f.service.awaitIdle(key(scope), Duration.ofSeconds(20))).isTrue();
    }

    @Test
    void repliesInOneConversationComeOneAtATimeInArrivalOrder() throws Exception {
        f = new EngineFixture(dir).start();
        f.coze.defaultScript(
                chat -> Script.answer("Re: " + chat.lastUserText()).deltas(4).pace(Duration.ofMillis(20)));
        for (int i = 1; i <= 3; i++) {
            assertThat(f.service.accept(f.message("c1", ALICE, "question " + i)))
                    .isEqualTo(Acceptance.QUEUED);
        }
        idle("c1");
        List<RecordedChat> chats = f.coze.chats();
        assertThat(chats)
                .extracting(RecordedChat::lastUserText)
                .containsExactly("question 1", "question 2", "question 3");
        assertThat(f.platform.messages("c1")).containsExactly("Re: question 1", "Re: question 2", "Re: question 3");
        // each chat starts only after the previous reply's final write
        // the last write of each reply message is its final one
        List<Call> finals = new ArrayList<>(f.platform.writes("c1").stream()
                .collect(Collectors.toMap(Call::messageId, c -> c, (a, b) -> b, LinkedHashMap::new))
                .values());
        assertThat(finals).hasSize(3);
        assertThat(chats.get(1).receivedNanos()).isGreaterThan(finals.get(0).nanos());
        assertThat(chats.get(2).receivedNanos()).isGreaterThan(finals.get(1).nanos());
    }

    @Test
    void differentConversationsAnswerInParallel() throws Exception {
        f = new EngineFixture(dir).start();
        // every answer is held open after its first delta until the test lets go: had the conversations run one
        // after the other, the second chat could never reach Coze while the first is held
        CountDownLatch release = new CountDownLatch(1);
        f.coze.defaultScript(chat -> Script.answer("Slow answer to " + chat.lastUserText())
                .deltas(10)
                .holdAfter(1, release));
        f.service.accept(f.message("c1", ALICE, "one"));
        f.service.accept(f.message("c2", BOB, "two"));
        await().atMost(Duration.ofSeconds(20)).until(() -> f.coze.chats().size() == 2);
        release.countDown();
        idle("c1");
        idle("c2");
        assertThat(f.platform.messages("c1")).containsExactly("Slow answer to one");
        assertThat(f.platform.messages("c2")).containsExactly("Slow answer to two");
    }

    @Test
    void aReplayedEventIsAnsweredOnce() throws Exception {
        f = new EngineFixture(dir).start();
        var message = f.message("c1", ALICE, "hello");
        f.service.accept(message);
        f.service.accept(message);
        idle("c1");
        assertThat(f.coze.chats()).hasSize(1);
        assertThat(f.platform.messages("c1")).containsExactly("You said: hello");
        assertThat(f.store.turns(key("c1"))).hasSize(2);
    }

    @Test
    void historyIsRelayedWithSpeakerNamesInGroupsAndIdentifiesTheConversation() throws Exception {
        f = new EngineFixture(dir).start();
        ConversationKey group = key("g1");
        ReplyTarget target = ReplyTarget.channel("g1");
        f.service.accept(f.message(group, "m1", ALICE, "I like tea", target, true, List.of("g1")));
        idle("g1");
        f.service.accept(f.message(group, "m2", BOB, "what does Alice like?", target, true, List.of("g1")));
        idle("g1");
        RecordedChat second = f.coze.chats().get(1);
        assertThat(second.messages())
                .extracting(RecordedChat.Message::role, RecordedChat.Message::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("user", "[Alice] I like tea"),
                        org.assertj.core.groups.Tuple.tuple("assistant", "You said: [Alice] I like tea"),
                        org.assertj.core.groups.Tuple.tuple("user", "[Bob] what does Alice like?"));
        // each speaker is their own Coze user in a group: a stable hash of platform and user id
        assertThat(second.userId()).isEqualTo(SpeakerIds.of("test", BOB.id())).startsWith("u_");
        assertThat(f.coze.chats().getFirst().userId())
                .isEqualTo(SpeakerIds.of("test", ALICE.id()))
                .isNotEqualTo(second.userId());
        assertThat(second.botId()).isEqualTo(EngineFixture.BOT_ID);
        assertThat(second.body().path("meta_data").path("platform").asText()).isEqualTo("test");
        assertThat(second.body().path("meta_data").path("scope").asText()).isEqualTo("g1");
        assertThat(second.body().path("custom_variables").path("tone").asText()).isEqualTo("friendly");
    }

    @Test
    void failedTurnsAreNotRelayed() throws Exception {
        f = new EngineFixture(dir).start();
        f.coze.enqueue(Script.answer("never shown").midStreamError(5000, "internal", 0));
        f.service.accept(f.message("c1", ALICE, "first"));
        idle("c1");
        f.service.accept(f.message("c1", ALICE, "second"));
        idle("c1");
        assertThat(f.coze.chats().get(1).messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly("second");
    }

    @Test
    void resetStartsAFreshWindowAndConfirms() throws Exception {
        f = new EngineFixture(dir).start();
        f.service.accept(f.message("c1", ALICE, "remember 42"));
        idle("c1");
        String confirmation = f.service.reset(key("c1"), ALICE);
        assertThat(confirmation).contains("cleared");
        f.service.accept(f.message("c1", ALICE, "what number?"));
        idle("c1");
        assertThat(f.coze.chats().get(1).messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly("what number?");
        assertThat(f.store.lastReset(key("c1"))).get().extracting(r -> r.byId()).isEqualTo(ALICE.id());
    }

    @Test
    void historyContinuesAfterARestartOnTheSameDatabaseFile() throws Exception {
        f = new EngineFixture(dir).start();
        f.service.accept(f.message("c1", ALICE, "my name is Alice"));
        idle("c1");
        f.stop();
        f.start();
        f.service.accept(f.message("c1", ALICE, "what is my name?"));
        idle("c1");
        assertThat(f.coze.chats().get(1).messages())
                .extracting(RecordedChat.Message::content)
                .containsExactly("my name is Alice", "You said: my name is Alice", "what is my name?");
        List<StoredTurn> turns = f.store.turns(key("c1"));
        assertThat(turns)
                .extracting(StoredTurn::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
        assertThat(turns).extracting(StoredTurn::status).containsOnly(TurnStatus.COMPLETE);
        assertThat(turns.get(3).messages()).hasSize(1);
    }

    @Test
    void aMessageWithoutTextGetsAHintAndNoCozeCall() throws Exception {
        f = new EngineFixture(dir).start();
        assertThat(f.service.accept(f.message("c1", ALICE, "   "))).isEqualTo(Acceptance.EMPTY);
        await().until(() -> !f.platform.messages("c1").isEmpty());
        assertThat(f.platform.messages("c1")).containsExactly("_" + Sentences.en(Text.NOTICE_EMPTY_QUESTION) + "_");
        assertThat(f.coze.chats()).isEmpty();
        assertThat(f.store.turns(key("c1"))).isEmpty();
    }

    @Test
    void helpNamesTheBotAndItsCommands() {
        f = new EngineFixture(dir).start();
        assertThat(f.service.help(EngineFixture.BOT, BridgeCommands.Surface.CHAT))
                .contains("helper", "/reset", "/help", "/ask");
    }
}
