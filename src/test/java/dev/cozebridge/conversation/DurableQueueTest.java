package dev.cozebridge.conversation;

import static dev.cozebridge.conversation.EngineFixture.ALICE;
import static dev.cozebridge.conversation.EngineFixture.BOB;
import static dev.cozebridge.conversation.EngineFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.fakes.RecordingPlatform.Call;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.platform.InboundSink.Acceptance;
import dev.cozebridge.platform.PlatformLimits;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.StoredTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable inbound queue with the real engine on a real H2 file: what a dead process left (a half-written reply,
 * messages accepted but not answered) is finalized and answered exactly once, in order, on the next start; a clean
 * shutdown leaves what waits queued; old messages get a notice; answers stream in parallel when allowed.
 */
class DurableQueueTest {

    @TempDir
    Path dir;

    private EngineFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void whatADeadProcessLeftIsFinalizedAndItsQueueAnsweredOnceInOrder() throws Exception {
        f = new EngineFixture(dir);
        RecordingPlatform platform = new RecordingPlatform(EngineFixture.BOT, "test", f.limits, f.clock);
        // the dead process: a reply streaming (its message shows the marker) and three messages queued behind it
        MessageRef streaming = platform.seed("c1", "partial answer ▌");
        InboundMessage first = f.message("c1", ALICE, "q0");
        List<InboundMessage> waiting =
                List.of(f.message("c1", ALICE, "q1"), f.message("c1", BOB, "q2"), f.message("c1", ALICE, "q3"));
        withStore(store -> {
            long user = store.appendUserTurn(first.key(), ALICE, "q0", first.platformMessageId(), Instant.now())
                    .orElseThrow();
            long turn = store.beginAssistantTurn(first.key(), user, Instant.now());
            store.addReplyMessage(turn, streaming);
            store.saveProgress(turn, "partial answer");
            queue(store, first, Instant.now());
            waiting.forEach(m -> queue(store, m, Instant.now()));
        });

        f.start(platform);
        f.service.recover(platform);

        await().atMost(Duration.ofSeconds(20)).until(() -> f.coze.chats().size() == 3);
        assertThat(f.service.awaitIdle(key("c1"), Duration.ofSeconds(20))).isTrue();
        assertThat(f.coze.chats()).extracting(RecordedChat::lastUserText).containsExactly("q1", "q2", "q3");
        assertThat(platform.text(streaming.messageId()))
                .isEqualTo("partial answer\n\n_" + Sentences.en(Text.NOTICE_INTERRUPTED) + "_");
        assertThat(platform.messages("c1")).containsExactly("You said: q1", "You said: q2", "You said: q3");
        await().atMost(Duration.ofSeconds(5)).until(() -> f.store.queue().depth(key("c1")) == 0);
        List<StoredTurn> turns = f.store.turns(key("c1"));
        assertThat(turns.stream().filter(t -> t.role() == Role.USER).map(StoredTurn::text))
                .containsExactly("q0", "q1", "q2", "q3");
        assertThat(turns.stream().filter(t -> t.role() == Role.ASSISTANT).map(StoredTurn::status))
                .containsExactly(TurnStatus.PARTIAL, TurnStatus.COMPLETE, TurnStatus.COMPLETE, TurnStatus.COMPLETE);
        assertNoMarkerLeft(platform);
    }

    @Test
    void aQuestionStoredButNeverAnsweredIsAnsweredOnceOnTheNextStart() throws Exception {
        f = new EngineFixture(dir);
        InboundMessage asked = f.message("c1", ALICE, "stored, then the process died");
        withStore(store -> {
            store.appendUserTurn(asked.key(), ALICE, asked.text(), asked.platformMessageId(), Instant.now());
            queue(store, asked, Instant.now());
        });
        f.start();
        f.service.recover(f.platform);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> f.platform.messages("c1").size() == 1);
        assertThat(f.service.awaitIdle(key("c1"), Duration.ofSeconds(20))).isTrue();
        assertThat(f.platform.messages("c1")).containsExactly("You said: stored, then the process died");
        assertThat(f.store.turns(key("c1"))).extracting(StoredTurn::role).containsExactly(Role.USER, Role.ASSISTANT);
    }

    @Test
    void aMessageOlderThanMaxAgeGetsOneNoticeInsteadOfAStaleAnswer() throws Exception {
        f = new EngineFixture(dir);
        f.queue = new BotSettings.QueueSettings(Duration.ofMinutes(10), 1);
        InboundMessage old = f.message("c1", ALICE, "asked before the outage");
        InboundMessage fresh = f.message("c1", ALICE, "asked just now");
        withStore(store -> {
            queue(store, old, Instant.now().minus(Duration.ofMinutes(11)));
            queue(store, fresh, Instant.now());
        });
        f.start();
        f.service.recover(f.platform);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> f.platform.messages("c1").size() == 2);
        assertThat(f.platform.messages("c1"))
                .containsExactly("_" + Sentences.en(Text.NOTICE_STALE, "11") + "_", "You said: asked just now");
        assertThat(f.coze.chats()).extracting(RecordedChat::lastUserText).containsExactly("asked just now");
        assertThat(f.store.turns(key("c1")).getFirst().status()).isEqualTo(TurnStatus.REFUSED);
    }

    @Test
    void shutdownFinalizesTheRunningReplyAndLeavesTheRestQueuedForTheNextStart() throws Exception {
        f = new EngineFixture(dir).start();
        f.service.recover(f.platform);
        f.coze.enqueue(Script.answer("a long answer that is still streaming at shutdown")
                .deltas(10)
                .stallAfter(3));
        for (String q : List.of("one", "two", "three", "four")) {
            assertThat(f.service.accept(f.message("c1", ALICE, q))).isEqualTo(Acceptance.QUEUED);
        }
        f.coze.awaitChats(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !f.platform.writes("c1").isEmpty());
        RecordingPlatform platform = f.platform;
        f.service.shutdown(Duration.ofMillis(800));
        f.stop();
        assertThat(platform.messages("c1")).hasSize(1);
        assertThat(platform.text(platform.writes("c1").getFirst().messageId()))
                .endsWith("_" + Sentences.en(Text.NOTICE_SHUTTING_DOWN) + "_");

        f.start(platform);
        f.service.recover(platform);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> platform.messages("c1").size() == 4);
        assertThat(f.service.awaitIdle(key("c1"), Duration.ofSeconds(20))).isTrue();
        assertThat(f.coze.chats())
                .extracting(RecordedChat::lastUserText)
                .containsExactly("one", "two", "three", "four");
        assertThat(platform.messages("c1").subList(1, 4))
                .containsExactly("You said: two", "You said: three", "You said: four");
        assertNoMarkerLeft(platform);
    }

    @Test
    void upToParallelAnswersStreamAtOnceInOneConversationAndTurnsKeepArrivalOrder() throws Exception {
        f = new EngineFixture(dir);
        f.queue = new BotSettings.QueueSettings(Duration.ofMinutes(10), 3);
        f.start();
        f.service.recover(f.platform);
        f.coze.defaultScript(chat -> Script.answer("Re: " + chat.lastUserText() + " in several words")
                .deltas(6)
                .pace(Duration.ofMillis(150)));
        for (String q : List.of("first", "second", "third")) {
            assertThat(f.service.accept(f.message("c1", ALICE, q))).isEqualTo(Acceptance.QUEUED);
        }
        // all three chats start before the first answer has finished streaming
        await().atMost(Duration.ofSeconds(10)).until(() -> f.coze.chats().size() == 3);
        assertThat(f.store.turns(key("c1")).stream()
                        .filter(t -> t.role() == Role.ASSISTANT)
                        .filter(t -> t.status() == TurnStatus.STREAMING))
                .as("answers streaming at once")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(f.service.awaitIdle(key("c1"), Duration.ofSeconds(30))).isTrue();
        assertThat(f.platform.messages("c1"))
                .containsExactlyInAnyOrder(
                        "Re: first in several words", "Re: second in several words", "Re: third in several words");
        List<StoredTurn> users = f.store.turns(key("c1")).stream()
                .filter(t -> t.role() == Role.USER)
                .toList();
        assertThat(users).extracting(StoredTurn::text).containsExactly("first", "second", "third");
    }

    @Test
    void anEditThePlatformRefusesMidAnswerContinuesInANewMessage() throws Exception {
        f = new EngineFixture(dir).start();
        f.service.recover(f.platform);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        String answer = "The whole answer arrives in the end, word by word, despite the refused edit.";
        f.coze.enqueue(Script.answer(answer).deltas(8).holdAfter(2, release));
        f.service.accept(f.message("c1", ALICE, "go"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !f.platform.writes("c1").isEmpty());
        String first = f.platform.writes("c1").getFirst().messageId();
        f.platform.refuseEditsOf(first);
        release.countDown();
        assertThat(f.service.awaitIdle(key("c1"), Duration.ofSeconds(20))).isTrue();

        List<String> messages = f.platform.messages("c1");
        assertThat(messages).hasSize(2);
        String continued = f.platform.writes("c1").getLast().messageId();
        assertThat(continued).isNotEqualTo(first);
        assertThat(f.platform.text(continued)).isEqualTo(answer);
        assertThat(f.store.turns(key("c1")).getLast().status()).isEqualTo(TurnStatus.COMPLETE);
    }

    @Test
    void recoveryOfAFullPageShowsTheRestOfTheTextAndTheNoticeInNewMessages() throws Exception {
        f = new EngineFixture(dir);
        f.limits = new PlatformLimits(120, Duration.ZERO, Duration.ZERO, null);
        RecordingPlatform platform = new RecordingPlatform(EngineFixture.BOT, "test", f.limits, f.clock);
        String saved = ("word ".repeat(40)).strip(); // 199 characters: more than one page
        MessageRef page1 = platform.seed("c1", saved.substring(0, 110) + " ▌");
        leftBehind("long one", page1, saved);
        f.start(platform);
        f.service.recover(platform);

        List<String> shown = new java.util.ArrayList<>();
        shown.add(platform.text(page1.messageId()));
        shown.addAll(platform.messages("c1"));
        String all = String.join(" ", shown);
        assertThat(all.replaceAll("\\s+", " ")).contains(saved);
        assertThat(shown.getLast()).endsWith("_" + Sentences.en(Text.NOTICE_INTERRUPTED) + "_");
        assertThat(shown).allSatisfy(m -> assertThat(m.length()).isLessThanOrEqualTo(120));
        assertNoMarkerLeft(platform);
        assertThat(f.store.turns(key("c1")).getLast().status()).isEqualTo(TurnStatus.PARTIAL);
    }

    @Test
    void recoveryRetriesAnEditThePlatformFailsForAMomentSoNoMarkerStays() throws Exception {
        f = new EngineFixture(dir);
        RecordingPlatform platform = new RecordingPlatform(EngineFixture.BOT, "test", f.limits, f.clock);
        MessageRef half = platform.seed("c1", "Half an answer ▌");
        leftBehind("tell me", half, "Half an answer");
        f.start(platform);
        platform.failNext(2); // the platform's front end answers 502 twice, then works again

        f.service.recover(platform);

        assertThat(platform.text(half.messageId()))
                .startsWith("Half an answer")
                .endsWith("_" + Sentences.en(Text.NOTICE_INTERRUPTED) + "_");
        assertNoMarkerLeft(platform);
    }

    @Test
    void aReplyMessageDeletedWhileTheBridgeWasDownIsShownAgainAsANewMessage() throws Exception {
        f = new EngineFixture(dir);
        RecordingPlatform platform = new RecordingPlatform(EngineFixture.BOT, "test", f.limits, f.clock);
        MessageRef half = platform.seed("c1", "Half an answer ▌");
        platform.refuseEditsOf(half.messageId()); // someone deleted it: "message to edit not found"
        leftBehind("tell me", half, "Half an answer");
        f.start(platform);

        f.service.recover(platform);

        assertThat(platform.messages("c1"))
                .singleElement()
                .satisfies(text -> assertThat(text)
                        .startsWith("Half an answer")
                        .endsWith("_" + Sentences.en(Text.NOTICE_INTERRUPTED) + "_"));
    }

    /** What a killed process leaves: the question in c1, an answer begun with {@code saved}, shown in {@code sent}. */
    private void leftBehind(String question, MessageRef sent, String saved) {
        InboundMessage asked = f.message("c1", ALICE, question);
        withStore(store -> {
            long user = store.appendUserTurn(asked.key(), ALICE, question, asked.platformMessageId(), Instant.now())
                    .orElseThrow();
            long turn = store.beginAssistantTurn(asked.key(), user, Instant.now());
            store.addReplyMessage(turn, sent);
            store.saveProgress(turn, saved);
        });
    }

    private void withStore(Consumer<JdbcHistoryStore> work) {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db/bridge"))) {
            work.accept(new JdbcHistoryStore(new Jdbc(db.dataSource())));
        }
    }

    private static void queue(JdbcHistoryStore store, InboundMessage m, Instant at) {
        store.queue().add(m.key(), null, m.platformMessageId(), QueuedMessages.write(m), at);
    }

    private static void assertNoMarkerLeft(RecordingPlatform platform) {
        for (Call c : platform.writes()) {
            assertThat(platform.text(c.messageId()))
                    .as("message %s", c.messageId())
                    .doesNotContain("▌");
        }
    }
}
