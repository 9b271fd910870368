package dev.cozebridge.conversation;

import static dev.cozebridge.conversation.EngineFixture.ALICE;
import static dev.cozebridge.conversation.EngineFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.fakes.RecordingPlatform.Call;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.store.StoredTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash recovery of half-streamed replies and graceful shutdown, on a real H2 file. */
class RecoveryAndShutdownTest {

    @TempDir
    Path dir;

    EngineFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aReplyACrashLeftStreamingIsFinalizedWithOneEditOnTheNextStart() {
        f = new EngineFixture(dir).start();
        // what a process that died mid-reply leaves behind: a STREAMING turn, its message, the saved text
        long user = f.store
                .appendUserTurn(key("c1"), ALICE, "tell me", "m-1", Instant.now())
                .orElseThrow();
        long turn = f.store.beginAssistantTurn(key("c1"), user, Instant.now());
        MessageRef sent = f.platform.seed("c1", "Half of the ans ▌");
        f.store.addReplyMessage(turn, sent);
        f.store.saveProgress(turn, "Half of the ans");
        RecordingPlatform platform = f.platform;
        f.stop();

        f.start(platform);
        f.service.recover(platform);

        List<Call> writes = f.platform.writes();
        assertThat(writes).hasSize(1);
        assertThat(writes.getFirst().kind()).isEqualTo(RecordingPlatform.Kind.EDIT);
        assertThat(writes.getFirst().messageId()).isEqualTo(sent.messageId());
        assertThat(writes.getFirst().text())
                .isEqualTo("Half of the ans\n\n_" + Sentences.en(Text.NOTICE_INTERRUPTED) + "_");
        StoredTurn stored = f.store.turns(key("c1")).get(1);
        assertThat(stored.status()).isEqualTo(TurnStatus.PARTIAL);
        assertThat(stored.text()).isEqualTo("Half of the ans");
        assertThat(f.store.unfinished(EngineFixture.BOT, "test")).isEmpty();
        // nothing left to do on a second start
        f.service.recover(f.platform);
        assertThat(f.platform.writes()).hasSize(1);
    }

    @Test
    void aStreamingReplyKeepsItsMessagesAndTextInTheStoreForRecovery() {
        f = new EngineFixture(dir).start();
        f.coze.enqueue(Script.answer("alpha beta gamma delta")
                .deltas(4)
                .pace(Duration.ofMillis(5))
                .stallAfter(2));
        f.service.accept(f.message("c1", ALICE, "go"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> f.store.unfinished(EngineFixture.BOT, "test").stream()
                        .anyMatch(u -> u.text().strip().equals("alpha beta")
                                && u.messages().size() == 1));
        var unfinished = f.store.unfinished(EngineFixture.BOT, "test").getFirst();
        assertThat(unfinished.key()).isEqualTo(key("c1"));
        assertThat(unfinished.messages().getFirst().messageId())
                .isEqualTo(f.platform.writes("c1").getFirst().messageId());
        assertThat(f.platform.writes("c1").getLast().text()).isEqualTo("alpha beta ▌");

        // recovery only takes leftovers of a previous process, never a reply this one is writing
        f.service.recover(f.platform);
        assertThat(f.platform.writes("c1"))
                .extracting(Call::text)
                .noneMatch(t -> t.contains(Sentences.en(Text.NOTICE_INTERRUPTED)));
        assertThat(f.store.unfinished(EngineFixture.BOT, "test")).hasSize(1);
        f.service.shutdown(Duration.ofMillis(400));
    }

    @Test
    void aReplyThatDiedBeforeSendingAnythingIsMarkedFailed() {
        f = new EngineFixture(dir).start();
        long user = f.store
                .appendUserTurn(key("c1"), ALICE, "tell me", "m-1", Instant.now())
                .orElseThrow();
        f.store.beginAssistantTurn(key("c1"), user, Instant.now());
        f.service.recover(f.platform);
        assertThat(f.platform.writes()).isEmpty();
        assertThat(f.store.turns(key("c1")).get(1).status()).isEqualTo(TurnStatus.FAILED);
    }

    @Test
    void shutdownFinalizesAReplyStillStreamingWithinTheGrace() throws Exception {
        // the stalled stream would only end at the client's idle timeout, a minute away: a shutdown that did not
        // keep its grace would wait that long, one that does returns in about three seconds
        Duration idleTimeout = Duration.ofSeconds(60);
        f = new EngineFixture(dir, idleTimeout).start();
        f.coze.enqueue(
                Script.answer("Some words and then nothing more").deltas(6).stallAfter(2));
        f.service.accept(f.message("c1", ALICE, "go"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !f.platform.writes("c1").isEmpty());

        long start = System.nanoTime();
        f.service.shutdown(Duration.ofSeconds(3));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(idleTimeout.dividedBy(3));
        List<String> messages = f.platform.messages("c1");
        assertThat(messages).hasSize(1);
        assertThat(messages.getFirst())
                .startsWith("Some words")
                .endsWith("\n\n_" + Sentences.en(Text.NOTICE_SHUTTING_DOWN) + "_")
                .doesNotContain("▌");
        StoredTurn reply = f.store.turns(key("c1")).stream()
                .filter(t -> t.role() == Role.ASSISTANT)
                .findFirst()
                .orElseThrow();
        assertThat(reply.status()).isEqualTo(TurnStatus.PARTIAL);
        assertThat(messages.getFirst()).startsWith(reply.text());
        // no longer accepting
        assertThat(f.service.accept(f.message("c1", ALICE, "again")))
                .isEqualTo(dev.cozebridge.platform.InboundSink.Acceptance.BUSY);
    }

    @Test
    void shutdownLetsAReplyThatFinishesInTimeComplete() throws Exception {
        f = new EngineFixture(dir).start();
        f.coze.enqueue(Script.answer("finishes soon").deltas(3).pace(Duration.ofMillis(100)));
        f.service.accept(f.message("c1", ALICE, "go"));
        f.coze.awaitChats(1);
        f.service.shutdown(Duration.ofSeconds(10));
        assertThat(f.platform.messages("c1")).containsExactly("finishes soon");
        assertThat(f.store.turns(key("c1")).get(1).status()).isEqualTo(TurnStatus.COMPLETE);
    }
}
