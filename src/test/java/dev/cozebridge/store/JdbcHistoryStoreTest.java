package dev.cozebridge.store;

import static dev.cozebridge.store.StoreFixture.ALICE;
import static dev.cozebridge.store.StoreFixture.KEY;
import static dev.cozebridge.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs on H2 and on a real PostgreSQL: the store must behave the same on both. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class JdbcHistoryStoreTest {
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

    @Test
    void userTurnRoundTrips() {
        long id = store.appendUserTurn(KEY, ALICE, "hello", "m-1", T0).orElseThrow();

        assertThat(store.turns(KEY)).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(id);
            assertThat(t.role()).isEqualTo(Role.USER);
            assertThat(t.author()).isEqualTo(ALICE);
            assertThat(t.text()).isEqualTo("hello");
            assertThat(t.status()).isEqualTo(TurnStatus.COMPLETE);
            assertThat(t.platformMessageId()).isEqualTo("m-1");
            assertThat(t.usage()).isEqualTo(TokenUsage.NONE);
            assertThat(t.messages()).isEmpty();
            assertThat(t.citations()).isEmpty();
            assertThat(t.at()).isEqualTo(T0);
        });
    }

    @Test
    void conversationKeysIsolate() {
        ConversationKey otherScope = new ConversationKey("helper", "discord", "channel-2");
        ConversationKey otherPlatform = new ConversationKey("helper", "telegram", "channel-1");
        ConversationKey otherBot = new ConversationKey("writer", "discord", "channel-1");
        store.appendUserTurn(KEY, ALICE, "a", "m-1", T0);
        store.appendUserTurn(otherScope, ALICE, "b", "m-1", T0);
        store.appendUserTurn(otherPlatform, ALICE, "c", "m-1", T0);
        store.appendUserTurn(otherBot, ALICE, "d", "m-1", T0);

        assertThat(store.window(KEY, 10, 1000)).extracting(StoredTurn::text).containsExactly("a");
        assertThat(store.window(otherScope, 10, 1000))
                .extracting(StoredTurn::text)
                .containsExactly("b");
        assertThat(store.window(otherPlatform, 10, 1000))
                .extracting(StoredTurn::text)
                .containsExactly("c");
        assertThat(store.turns(otherBot)).extracting(StoredTurn::text).containsExactly("d");
        assertThat(store.window(new ConversationKey("helper", "discord", "never"), 10, 1000))
                .isEmpty();
    }

    @Test
    void windowIsOldestFirstAndKeepsTheNewestMaxTurns() {
        for (int i = 1; i <= 6; i++) {
            store.appendUserTurn(KEY, ALICE, "t" + i, "m-" + i, T0.plusSeconds(i));
        }

        assertThat(store.window(KEY, 4, 1000)).extracting(StoredTurn::text).containsExactly("t3", "t4", "t5", "t6");
        assertThat(store.window(KEY, 100, 1000)).hasSize(6);
    }

    @Test
    void windowTrimsOldestTurnsToTheCharBudgetButAlwaysKeepsTheNewest() {
        store.appendUserTurn(KEY, ALICE, "a".repeat(10), "m-1", T0);
        store.appendUserTurn(KEY, ALICE, "b".repeat(10), "m-2", T0);
        store.appendUserTurn(KEY, ALICE, "c".repeat(10), "m-3", T0);

        assertThat(store.window(KEY, 10, 30)).hasSize(3);
        assertThat(store.window(KEY, 10, 29))
                .extracting(t -> t.text().charAt(0))
                .containsExactly('b', 'c');
        assertThat(store.window(KEY, 10, 20))
                .extracting(t -> t.text().charAt(0))
                .containsExactly('b', 'c');
        assertThat(store.window(KEY, 10, 19))
                .extracting(t -> t.text().charAt(0))
                .containsExactly('c');

        store.appendUserTurn(KEY, ALICE, "d".repeat(500), "m-4", T0);
        assertThat(store.window(KEY, 10, 5)).extracting(t -> t.text().charAt(0)).containsExactly('d');
    }

    @Test
    void windowStopsAtAnOverBudgetTurnInsteadOfSkippingToOlderOnes() {
        store.appendUserTurn(KEY, ALICE, "old", "m-1", T0);
        store.appendUserTurn(KEY, ALICE, "x".repeat(100), "m-2", T0);
        store.appendUserTurn(KEY, ALICE, "new", "m-3", T0);

        assertThat(store.window(KEY, 10, 50)).extracting(StoredTurn::text).containsExactly("new");
    }

    @Test
    void windowRelaysOnlyCompleteAndPartialTurns() {
        long asked = store.appendUserTurn(KEY, ALICE, "q1", "m-1", T0).orElseThrow();
        finish(store.beginAssistantTurn(KEY, asked, T0), "complete", TurnStatus.COMPLETE);
        long partialQ = store.appendUserTurn(KEY, ALICE, "q2", "m-2", T0).orElseThrow();
        finish(store.beginAssistantTurn(KEY, partialQ, T0), "partial", TurnStatus.PARTIAL);
        long failedQ = store.appendUserTurn(KEY, ALICE, "q3", "m-3", T0).orElseThrow();
        finish(store.beginAssistantTurn(KEY, failedQ, T0), "failed", TurnStatus.FAILED);
        store.setStatus(failedQ, TurnStatus.FAILED);
        long cancelledQ = store.appendUserTurn(KEY, ALICE, "q4", "m-4", T0).orElseThrow();
        finish(store.beginAssistantTurn(KEY, cancelledQ, T0), "cancelled", TurnStatus.CANCELLED);
        long streamingQ = store.appendUserTurn(KEY, ALICE, "q5", "m-5", T0).orElseThrow();
        long streaming = store.beginAssistantTurn(KEY, streamingQ, T0);
        store.saveProgress(streaming, "half an ans");

        assertThat(store.window(KEY, 20, 10_000))
                .extracting(StoredTurn::text)
                .containsExactly("q1", "complete", "q2", "partial", "q4", "q5");
        assertThat(store.turns(KEY)).hasSize(10);
        assertThat(store.turns(KEY))
                .extracting(StoredTurn::status)
                .containsExactly(
                        TurnStatus.COMPLETE,
                        TurnStatus.COMPLETE,
                        TurnStatus.COMPLETE,
                        TurnStatus.PARTIAL,
                        TurnStatus.FAILED,
                        TurnStatus.FAILED,
                        TurnStatus.COMPLETE,
                        TurnStatus.CANCELLED,
                        TurnStatus.COMPLETE,
                        TurnStatus.STREAMING);
    }

    @Test
    void aReplayedPlatformMessageIdIsNotStoredTwice() {
        Optional<Long> first = store.appendUserTurn(KEY, ALICE, "hello", "m-1", T0);
        Optional<Long> replay = store.appendUserTurn(KEY, ALICE, "hello", "m-1", T0.plusSeconds(5));
        Optional<Long> elsewhere =
                store.appendUserTurn(new ConversationKey("helper", "discord", "channel-2"), ALICE, "hello", "m-1", T0);

        assertThat(first).isPresent();
        assertThat(replay).isEmpty();
        assertThat(elsewhere).isPresent();
        assertThat(store.turns(KEY)).hasSize(1);
    }

    @Test
    void turnsWithoutPlatformIdsAreNeverReplays() {
        assertThat(store.appendUserTurn(KEY, ALICE, "one", null, T0)).isPresent();
        assertThat(store.appendUserTurn(KEY, ALICE, "two", null, T0)).isPresent();
        long asked = store.appendUserTurn(KEY, ALICE, "three", null, T0).orElseThrow();
        // assistant turns carry no platform id either, and must not collide with each other
        store.beginAssistantTurn(KEY, asked, T0);
        store.beginAssistantTurn(KEY, asked, T0);
        assertThat(store.turns(KEY)).hasSize(5);
    }

    @Test
    void resetHidesOlderTurnsAndRecordsWhoAndWhen() {
        store.appendUserTurn(KEY, ALICE, "before", "m-1", T0);
        assertThat(store.lastReset(KEY)).isEmpty();

        Author bob = new Author("u-2", "Bob");
        store.reset(KEY, bob, T0.plusSeconds(60));
        assertThat(store.window(KEY, 10, 1000)).isEmpty();
        store.appendUserTurn(KEY, ALICE, "after", "m-2", T0.plusSeconds(60));

        assertThat(store.window(KEY, 10, 1000)).extracting(StoredTurn::text).containsExactly("after");
        assertThat(store.turns(KEY)).extracting(StoredTurn::text).containsExactly("before", "after");
        assertThat(store.lastReset(KEY)).contains(new ResetRecord("u-2", "Bob", T0.plusSeconds(60)));

        store.reset(KEY, ALICE, T0.plusSeconds(120));
        assertThat(store.lastReset(KEY)).contains(new ResetRecord("u-1", "Alice", T0.plusSeconds(120)));
        assertThat(store.window(KEY, 10, 1000)).isEmpty();
    }

    @Test
    void resetOfAnUnknownConversationOnlyAffectsThatConversation() {
        ConversationKey other = new ConversationKey("helper", "discord", "channel-2");
        store.appendUserTurn(KEY, ALICE, "kept", "m-1", T0);
        store.reset(other, ALICE, T0);

        assertThat(store.lastReset(other)).isPresent();
        assertThat(store.lastReset(KEY)).isEmpty();
        assertThat(store.window(KEY, 10, 100)).extracting(StoredTurn::text).containsExactly("kept");
    }

    @Test
    void replyMessagesUsageAndCitationsRoundTrip() {
        long asked = store.appendUserTurn(KEY, ALICE, "q", "m-1", T0).orElseThrow();
        long reply = store.beginAssistantTurn(KEY, asked, T0.plusSeconds(1));
        store.addReplyMessage(reply, new MessageRef("c-1", "r-1"));
        store.addReplyMessage(reply, new MessageRef("c-1", "r-2"));
        List<Citation> citations = List.of(
                new Citation("doc-1", "Guide", "https://example.org/guide", 0.875),
                new Citation(null, "upload.pdf", null, Double.NaN));
        store.finishAssistantTurn(
                reply, "answer", TurnStatus.COMPLETE, new TokenUsage(11, 22, 33), citations, T0.plusSeconds(2));

        StoredTurn stored = store.window(KEY, 10, 1000).getLast();
        assertThat(stored.id()).isEqualTo(reply);
        assertThat(stored.role()).isEqualTo(Role.ASSISTANT);
        assertThat(stored.author()).isNull();
        assertThat(stored.platformMessageId()).isNull();
        assertThat(stored.text()).isEqualTo("answer");
        assertThat(stored.messages()).containsExactly(new MessageRef("c-1", "r-1"), new MessageRef("c-1", "r-2"));
        assertThat(stored.usage()).isEqualTo(new TokenUsage(11, 22, 33));
        assertThat(stored.citations()).hasSize(2);
        assertThat(stored.citations().get(0)).isEqualTo(citations.get(0));
        assertThat(stored.citations().get(1).score()).isNaN();
        assertThat(stored.citations().get(1).documentId()).isNull();
        assertThat(stored.citations().get(1).url()).isNull();
        assertThat(stored.at()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.window(KEY, 10, 1000).getFirst().messages()).isEmpty();
    }

    @Test
    void finishingTwiceReplacesTheCitations() {
        long asked = store.appendUserTurn(KEY, ALICE, "q", "m-1", T0).orElseThrow();
        long reply = store.beginAssistantTurn(KEY, asked, T0);
        store.finishAssistantTurn(
                reply,
                "a",
                TurnStatus.PARTIAL,
                null,
                List.of(new Citation("d1", "One", null, 0.5), new Citation("d2", "Two", null, 0.4)),
                T0);
        store.finishAssistantTurn(
                reply, "a!", TurnStatus.COMPLETE, TokenUsage.NONE, List.of(new Citation("d3", "Three", null, 0.3)), T0);

        StoredTurn stored = store.turns(KEY).getLast();
        assertThat(stored.text()).isEqualTo("a!");
        assertThat(stored.citations()).extracting(Citation::title).containsExactly("Three");
    }

    @Test
    void progressIsSavedWhileStreamingButNeverOverwritesTheFinalText() {
        long asked = store.appendUserTurn(KEY, ALICE, "q", "m-1", T0).orElseThrow();
        long reply = store.beginAssistantTurn(KEY, asked, T0);
        assertThat(store.turns(KEY).getLast().text()).isEmpty();
        store.saveProgress(reply, "par");
        assertThat(store.turns(KEY).getLast().text()).isEqualTo("par");

        store.finishAssistantTurn(reply, "partial answer", TurnStatus.COMPLETE, TokenUsage.NONE, List.of(), T0);
        store.saveProgress(reply, "late");
        assertThat(store.turns(KEY).getLast().text()).isEqualTo("partial answer");
    }

    @Test
    void unfinishedFindsStreamingRepliesOfThatBotAndPlatformOnly() {
        long asked = store.appendUserTurn(KEY, ALICE, "q", "m-1", T0).orElseThrow();
        long streaming = store.beginAssistantTurn(KEY, asked, T0);
        store.saveProgress(streaming, "so far");
        store.addReplyMessage(streaming, new MessageRef("c-1", "r-1"));
        store.addReplyMessage(streaming, new MessageRef("c-1", "r-2"));
        long done = store.beginAssistantTurn(KEY, asked, T0);
        store.finishAssistantTurn(done, "done", TurnStatus.COMPLETE, TokenUsage.NONE, List.of(), T0);

        ConversationKey telegram = new ConversationKey("helper", "telegram", "42");
        long tgAsked = store.appendUserTurn(telegram, ALICE, "q", "u-1", T0).orElseThrow();
        store.beginAssistantTurn(telegram, tgAsked, T0);
        ConversationKey otherBot = new ConversationKey("writer", "discord", "channel-1");
        long obAsked = store.appendUserTurn(otherBot, ALICE, "q", "m-1", T0).orElseThrow();
        long otherBotsReply = store.beginAssistantTurn(otherBot, obAsked, T0);

        assertThat(store.unfinished("helper", "discord"))
                .containsExactly(new UnfinishedReply(
                        streaming,
                        KEY,
                        "so far",
                        List.of(new MessageRef("c-1", "r-1"), new MessageRef("c-1", "r-2")),
                        "m-1"));
        assertThat(store.unfinished(KEY))
                .singleElement()
                .extracting(UnfinishedReply::questionMessageId)
                .isEqualTo("m-1");
        assertThat(store.unfinished("writer", "discord")).singleElement().satisfies(r -> {
            assertThat(r.turnId()).isEqualTo(otherBotsReply);
            assertThat(r.messages()).isEmpty();
            assertThat(r.text()).isEmpty();
        });
        assertThat(store.unfinished("helper", "console")).isEmpty();
    }

    @Test
    void historySurvivesCloseAndReopen() {
        long asked = store.appendUserTurn(KEY, ALICE, "q", "m-1", T0).orElseThrow();
        long reply = store.beginAssistantTurn(KEY, asked, T0);
        store.addReplyMessage(reply, new MessageRef("c", "r"));
        store.finishAssistantTurn(
                reply,
                "a",
                TurnStatus.COMPLETE,
                new TokenUsage(1, 2, 3),
                List.of(new Citation("d", "Doc", "https://example.org", 0.9)),
                T0);
        store.reset(KEY, ALICE, T0.plusSeconds(9));
        List<StoredTurn> before = store.turns(KEY);

        fx.reopen();
        HistoryStore reopened = fx.history;

        assertThat(reopened.turns(KEY)).isEqualTo(before);
        assertThat(reopened.lastReset(KEY)).contains(new ResetRecord("u-1", "Alice", T0.plusSeconds(9)));
        assertThat(reopened.appendUserTurn(KEY, ALICE, "q", "m-1", T0))
                .as("dedupe survives restarts")
                .isEmpty();
        assertThat(reopened.appendUserTurn(KEY, ALICE, "next", "m-2", T0)).isPresent();
        assertThat(reopened.window(KEY, 10, 100)).extracting(StoredTurn::text).containsExactly("next");
    }

    @Test
    void unknownTurnsAndBadArgumentsAreClearErrors() {
        assertThatThrownBy(() -> store.setStatus(999, TurnStatus.FAILED))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no turn with id 999");
        assertThatThrownBy(() -> store.saveProgress(999, "x"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no turn with id 999");
        assertThatThrownBy(() -> store.finishAssistantTurn(999, "x", TurnStatus.COMPLETE, null, null, T0))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no turn with id 999");
        assertThatThrownBy(() -> store.addReplyMessage(999, new MessageRef("c", "m")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no turn with id 999");
        assertThatThrownBy(() -> store.window(KEY, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textUpToTheColumnWidthIsKeptAndLongerTextIsRefusedWholesale() {
        String longest = "x".repeat(JdbcHistoryStore.MAX_TEXT_CHARS);
        long asked = store.appendUserTurn(KEY, ALICE, longest, "m-1", T0).orElseThrow();
        assertThat(store.turns(KEY).getFirst().text()).isEqualTo(longest);

        assertThatThrownBy(() -> store.appendUserTurn(KEY, ALICE, longest + "y", "m-2", T0))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("at most 1000000");
        long reply = store.beginAssistantTurn(KEY, asked, T0);
        assertThatThrownBy(() -> store.saveProgress(reply, longest + "y")).isInstanceOf(StoreException.class);
        assertThat(store.turns(KEY)).hasSize(2);
    }

    @Test
    void aUserTurnCanBeMarkedFailed() {
        long asked = store.appendUserTurn(KEY, ALICE, "q", "m-1", T0).orElseThrow();
        store.setStatus(asked, TurnStatus.FAILED);
        assertThat(store.window(KEY, 10, 100)).isEmpty();
        assertThat(store.turns(KEY).getFirst().status()).isEqualTo(TurnStatus.FAILED);
    }

    private void finish(long turnId, String text, TurnStatus status) {
        store.finishAssistantTurn(turnId, text, status, TokenUsage.NONE, List.of(), T0);
    }
}
