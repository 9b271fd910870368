package dev.cozebridge.store;

import static dev.cozebridge.store.StoreFixture.ALICE;
import static dev.cozebridge.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
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

/** A chat that got a new id takes every conversation in it along, on H2 and on PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class JdbcHistoryMovePlaceTest {
    private static final Author BOB = new Author("u-2", "Bob");

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

    private static ConversationKey key(String scope) {
        return new ConversationKey("helper", "telegram", scope);
    }

    @Test
    void everyScopeOfThePlaceMovesWithItsTurnsAndResets() {
        store.appendUserTurn(key("-12"), ALICE, "before reset", "-12:1", T0);
        store.reset(key("-12"), ALICE, T0);
        long question =
                store.appendUserTurn(key("-12"), ALICE, "plain", "-12:2", T0).orElseThrow();
        long answer = store.beginAssistantTurn(key("-12"), question, T0);
        store.finishAssistantTurn(answer, "plain answer", TurnStatus.COMPLETE, null, null, T0);
        store.appendUserTurn(key("-12:7"), ALICE, "in a topic", "-12:3", T0);
        store.appendUserTurn(key("-12/user:u-2"), BOB, "bob's own", "-12:4", T0);
        store.appendUserTurn(key("-12:7/user:u-1"), ALICE, "alice's own in a topic", "-12:5", T0);
        // other chats whose ids share the digits, another bot, another platform: not moved
        store.appendUserTurn(key("-123"), ALICE, "longer id", "-123:1", T0);
        store.appendUserTurn(new ConversationKey("writer", "telegram", "-12"), ALICE, "other bot", "-12:1", T0);
        store.appendUserTurn(new ConversationKey("helper", "discord", "-12"), ALICE, "other platform", "-12:1", T0);

        int moved = store.movePlace("helper", "telegram", "-12", "-10012");

        assertThat(moved).isEqualTo(4);
        assertThat(store.window(key("-10012"), 10, 10_000))
                .extracting(StoredTurn::text)
                .containsExactly("plain", "plain answer");
        assertThat(store.turns(key("-10012"))).hasSize(3);
        assertThat(store.lastReset(key("-10012"))).isPresent();
        assertThat(store.window(key("-10012:7"), 10, 10_000))
                .extracting(StoredTurn::text)
                .containsExactly("in a topic");
        assertThat(store.window(key("-10012/user:u-2"), 10, 10_000))
                .extracting(StoredTurn::text)
                .containsExactly("bob's own");
        assertThat(store.window(key("-10012:7/user:u-1"), 10, 10_000))
                .extracting(StoredTurn::text)
                .containsExactly("alice's own in a topic");
        assertThat(store.window(key("-123"), 10, 10_000)).hasSize(1);
        assertThat(store.window(new ConversationKey("writer", "telegram", "-12"), 10, 10_000))
                .hasSize(1);
        assertThat(store.window(new ConversationKey("helper", "discord", "-12"), 10, 10_000))
                .hasSize(1);
        assertThat(store.movePlace("helper", "telegram", "-12", "-10012")).isZero();
    }

    @Test
    void theMoveIsSeenByAFreshStoreAndAnAnswerStillWrittenUnderTheOldKeyLandsInTheNewHistory() {
        long question =
                store.appendUserTurn(key("-12"), ALICE, "question", "-12:1", T0).orElseThrow();
        long answer = store.beginAssistantTurn(key("-12"), question, T0);

        store.movePlace("helper", "telegram", "-12", "-10012");
        store.finishAssistantTurn(answer, "answer", TurnStatus.COMPLETE, null, null, T0);
        store.appendUserTurn(key("-12"), ALICE, "queued under the old key", "-12:2", T0);

        fx.reopen();
        assertThat(fx.history.window(key("-10012"), 10, 10_000))
                .extracting(StoredTurn::text)
                .containsExactly("question", "answer", "queued under the old key");
        assertThat(fx.history.exists(key("-12"))).isFalse();
    }

    @Test
    void turnsJoinAConversationTheNewChatHasAlready() {
        store.appendUserTurn(key("-12"), ALICE, "old chat", "-12:1", T0);
        store.appendUserTurn(key("-10012"), BOB, "new chat", "-10012:1", T0);

        assertThat(store.movePlace("helper", "telegram", "-12", "-10012")).isEqualTo(1);

        assertThat(store.window(key("-10012"), 10, 10_000))
                .extracting(StoredTurn::text)
                .containsExactly("old chat", "new chat");
        fx.reopen();
        assertThat(fx.history.window(key("-12"), 10, 10_000)).isEmpty();
        assertThat(fx.history.window(key("-10012"), 10, 10_000)).hasSize(2);
    }

    @Test
    void suggestionButtonsOfThePlaceFollowItEvenWithoutAConversation() {
        JdbcSuggestionStore suggestions = new JdbcSuggestionStore(new Jdbc(fx.database.dataSource()));
        List<SuggestionStore.Issued> issued =
                suggestions.issue(key("-12:7"), List.of("What next?"), T0, T0.plusSeconds(3600));

        store.movePlace("helper", "telegram", "-12", "-10012");

        assertThat(suggestions.find(issued.getFirst().id(), T0).orElseThrow().key())
                .isEqualTo(key("-10012:7"));
    }

    @Test
    void messagesWaitingInTheQueueForThePlaceAreAnsweredInTheNewOne() {
        InboundQueue queue = store.queue();
        queue.add(key("-12"), null, "-12:1", "{}", T0);
        queue.add(key("-12:7/user:u-1"), null, "-12:2", "{}", T0);
        queue.add(key("-123"), null, "-123:1", "{}", T0);
        // a lease held on the old scope stays with its holder, who finishes the answer it streams
        assertThat(queue.claim(key("-12"), "a", T0, T0.plusSeconds(30))).isTrue();

        store.movePlace("helper", "telegram", "-12", "-10012");

        assertThat(queue.next(key("-12"), 0, 10)).isEmpty();
        assertThat(queue.next(key("-10012"), 0, 10))
                .extracting(InboundQueue.QueuedMessage::platformMessageId)
                .containsExactly("-12:1");
        assertThat(queue.next(key("-10012:7/user:u-1"), 0, 10))
                .extracting(InboundQueue.QueuedMessage::key)
                .containsExactly(key("-10012:7/user:u-1"));
        assertThat(queue.next(key("-123"), 0, 10)).hasSize(1);
        assertThat(queue.claim(key("-12"), "b", T0, T0.plusSeconds(30))).isFalse();
        assertThat(queue.claim(key("-10012"), "b", T0, T0.plusSeconds(30))).isTrue();
    }
}
