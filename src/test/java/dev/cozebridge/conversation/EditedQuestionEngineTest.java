package dev.cozebridge.conversation;

import static dev.cozebridge.conversation.EngineFixture.ALICE;
import static dev.cozebridge.conversation.EngineFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.store.StoredTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edited questions on the engine: asked again in place, never counted against the user's rate. */
class EditedQuestionEngineTest {
    @TempDir
    Path dir;

    private EngineFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private InboundMessage question(String text) {
        return f.message(key("c1"), "q-1", ALICE, text, ReplyTarget.channel("c1"), false, List.of("c1"));
    }

    private void idle() throws InterruptedException {
        assertThat(f.service.awaitIdle(key("c1"), Duration.ofSeconds(20))).isTrue();
    }

    @Test
    void editsThatChangeNothingAreDroppedQuietlyAndANewVersionIsAskedAgainEvenAtTheRateLimit() throws Exception {
        f = new EngineFixture(dir);
        f.access = new BotSettings.AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 1, 5);
        f.start();
        f.coze.enqueue(Script.answer("Four."), Script.answer("Six."));
        f.service.accept(question("what is 2+2?"));
        idle();
        String reply = f.platform.calls().stream()
                .filter(c -> c.kind() == RecordingPlatform.Kind.SEND)
                .findFirst()
                .orElseThrow()
                .messageId();

        // a link preview unfolding, twice: the same text again
        assertThat(f.service.accept(question("what is 2+2?").asEdit())).isEqualTo(InboundSink.Acceptance.QUEUED);
        assertThat(f.service.accept(question("what is 2+2?").asEdit())).isEqualTo(InboundSink.Acceptance.QUEUED);
        idle();
        assertThat(f.coze.chats()).hasSize(1);

        assertThat(f.service.accept(question("what is 3+3?").asEdit())).isEqualTo(InboundSink.Acceptance.QUEUED);
        idle();
        assertThat(f.coze.chats()).hasSize(2);
        assertThat(f.coze.chats().get(1).lastUserText()).isEqualTo("what is 3+3?");
        assertThat(f.platform.messages("c1")).containsExactly("Six.");
        assertThat(f.platform.text(reply)).isEqualTo("Six.");
        assertThat(f.store.turns(key("c1"))).extracting(StoredTurn::text).containsExactly("what is 3+3?", "Six.");
    }

    @Test
    void anEditThatEmptiesTheMessageGetsNoHint() throws Exception {
        f = new EngineFixture(dir).start();
        f.coze.enqueue(Script.answer("Hi."));
        f.service.accept(question("hello"));
        idle();

        assertThat(f.service.accept(question("   ").asEdit())).isEqualTo(InboundSink.Acceptance.EMPTY);
        idle();
        assertThat(f.platform.messages("c1")).containsExactly("Hi.");
    }
}
