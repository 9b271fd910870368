package dev.cozebridge.store;

import static dev.cozebridge.store.StoreFixture.ALICE;
import static dev.cozebridge.store.StoreFixture.KEY;
import static dev.cozebridge.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The file references of user turns and what an edited question needs, on H2 and on a real PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class JdbcHistoryFilesTest {
    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dir;

    StoreFixture fx;
    HistoryStore store;

    @BeforeEach
    void open() {
        fx = new StoreFixture(kind, dir);
        store = fx.history;
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private static StoredFile file(Attachment.Kind kind, String name, String id, long size) {
        return new StoredFile(kind, name, id, size, T0.plusSeconds(1));
    }

    @Test
    void filesAreKeptByReferenceInOrderWithTheirTurn() {
        long question =
                store.appendUserTurn(KEY, ALICE, "which is sharper?", "m-1", T0).orElseThrow();
        store.addFiles(
                question,
                List.of(
                        file(Attachment.Kind.IMAGE, "a.jpg", "7431000000000000001", 30_000),
                        file(Attachment.Kind.IMAGE, "b.jpg", "7431000000000000002", 31_000)));
        store.addFiles(question, List.of(file(Attachment.Kind.FILE, "notes.pdf", "7431000000000000003", 99)));
        long answer = store.beginAssistantTurn(KEY, question, T0);
        store.finishAssistantTurn(answer, "the second", TurnStatus.COMPLETE, TokenUsage.NONE, List.of(), T0);

        List<StoredTurn> window = store.window(KEY, 10, 10_000);
        assertThat(window.getFirst().files())
                .containsExactly(
                        file(Attachment.Kind.IMAGE, "a.jpg", "7431000000000000001", 30_000),
                        file(Attachment.Kind.IMAGE, "b.jpg", "7431000000000000002", 31_000),
                        file(Attachment.Kind.FILE, "notes.pdf", "7431000000000000003", 99));
        assertThat(window.getLast().files()).isEmpty();
        assertThat(store.turns(KEY).getFirst().files()).hasSize(3);
    }

    @Test
    void filesOfAnUnknownTurnAreRefused() {
        assertThatThrownBy(() -> store.addFiles(42, List.of(file(Attachment.Kind.IMAGE, "a.jpg", "1", 1))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no turn with id 42");
    }

    @Test
    void theLastExchangeIsTheNewestQuestionWithItsReplyMessages() {
        long first = store.appendUserTurn(KEY, ALICE, "one", "m-1", T0).orElseThrow();
        long firstAnswer = store.beginAssistantTurn(KEY, first, T0);
        store.finishAssistantTurn(firstAnswer, "1", TurnStatus.COMPLETE, TokenUsage.NONE, List.of(), T0);
        long second = store.appendUserTurn(KEY, ALICE, "two", "m-2", T0.plusSeconds(5))
                .orElseThrow();
        long secondAnswer = store.beginAssistantTurn(KEY, second, T0);
        store.addReplyMessage(secondAnswer, new MessageRef("c", "r-1"));
        store.addReplyMessage(secondAnswer, new MessageRef("c", "r-2"));

        LastExchange last = store.lastExchange(KEY).orElseThrow();
        assertThat(last.question().id()).isEqualTo(second);
        assertThat(last.question().platformMessageId()).isEqualTo("m-2");
        assertThat(last.answerTurnId()).isEqualTo(secondAnswer);
        assertThat(last.answerMessages()).containsExactly(new MessageRef("c", "r-1"), new MessageRef("c", "r-2"));

        store.reset(KEY, ALICE, T0.plusSeconds(10));
        assertThat(store.lastExchange(KEY)).isEmpty();
    }

    @Test
    void anUnansweredQuestionHasNoAnswerTurn() {
        long question = store.appendUserTurn(KEY, ALICE, "hello?", "m-1", T0).orElseThrow();
        store.setStatus(question, TurnStatus.FAILED);

        LastExchange last = store.lastExchange(KEY).orElseThrow();
        assertThat(last.question().status()).isEqualTo(TurnStatus.FAILED);
        assertThat(last.answerTurnId()).isZero();
        assertThat(last.answerMessages()).isEmpty();
    }

    @Test
    void anEditedQuestionIsRevisedAndItsAnswerReopenedKeepingItsMessages() {
        long question =
                store.appendUserTurn(KEY, ALICE, "What is 2+2?", "m-1", T0).orElseThrow();
        long answer = store.beginAssistantTurn(KEY, question, T0);
        store.addReplyMessage(answer, new MessageRef("c", "r-1"));
        store.finishAssistantTurn(
                answer,
                "4",
                TurnStatus.COMPLETE,
                new TokenUsage(1, 2, 3),
                List.of(new Citation("d", "Maths", null, 0.5)),
                T0);

        store.reviseUserTurn(question, "What is 3+3?");
        store.reopenAssistantTurn(answer);

        List<StoredTurn> turns = store.turns(KEY);
        assertThat(turns.getFirst().text()).isEqualTo("What is 3+3?");
        assertThat(turns.getLast().status()).isEqualTo(TurnStatus.STREAMING);
        assertThat(turns.getLast().text()).isEmpty();
        assertThat(turns.getLast().citations()).isEmpty();
        assertThat(turns.getLast().usage()).isEqualTo(TokenUsage.NONE);
        assertThat(turns.getLast().messages()).containsExactly(new MessageRef("c", "r-1"));
        // while it is written again, the window holds the edited question and not the old answer
        assertThat(store.window(KEY, 10, 10_000)).extracting(StoredTurn::text).containsExactly("What is 3+3?");
        assertThat(store.unfinished("helper", "discord"))
                .singleElement()
                .satisfies(u -> assertThat(u.turnId()).isEqualTo(answer));
    }

    @Test
    void aFailedQuestionBecomesCompleteWhenRevised() {
        long question = store.appendUserTurn(KEY, ALICE, "hm", "m-1", T0).orElseThrow();
        store.setStatus(question, TurnStatus.FAILED);
        store.reviseUserTurn(question, "what is the capital of France?");
        assertThat(store.window(KEY, 10, 1000)).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(TurnStatus.COMPLETE);
            assertThat(t.text()).isEqualTo("what is the capital of France?");
        });
    }
}
