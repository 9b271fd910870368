package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.store.StoredTurn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryWindowTest {
    private static final Catalog CATALOG = Catalog.of(BotLocale.EN);
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private static StoredTurn user(String name, String text, TurnStatus status) {
        return new StoredTurn(
                1,
                Role.USER,
                new Author("id-" + name, name),
                text,
                status,
                "m",
                List.of(),
                TokenUsage.NONE,
                List.of(),
                Instant.EPOCH);
    }

    private static StoredTurn assistant(String text, TurnStatus status) {
        return new StoredTurn(
                2, Role.ASSISTANT, null, text, status, null, List.of(), TokenUsage.NONE, List.of(), Instant.EPOCH);
    }

    @Test
    void groupsNameTheSpeakerAndSkipFailedTurns() {
        List<StoredTurn> turns = List.of(
                user("Alice", "hi", TurnStatus.COMPLETE),
                assistant("hello", TurnStatus.PARTIAL),
                user("Bob", "lost", TurnStatus.FAILED),
                assistant("", TurnStatus.FAILED),
                user("Bob", "and me?", TurnStatus.COMPLETE));
        assertThat(HistoryWindow.messages(turns, true, CATALOG, NOW))
                .containsExactly(
                        AgentMessage.user("[Alice] hi"),
                        AgentMessage.assistant("hello"),
                        AgentMessage.user("[Bob] and me?"));
        assertThat(HistoryWindow.messages(turns, false, CATALOG, NOW))
                .containsExactly(
                        AgentMessage.user("hi"), AgentMessage.assistant("hello"), AgentMessage.user("and me?"));
    }

    @Test
    void neverMoreThanCozeAccepts() {
        List<StoredTurn> turns = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            turns.add(user("A", "message " + i, TurnStatus.COMPLETE));
        }
        List<AgentMessage> messages = HistoryWindow.messages(turns, false, CATALOG, NOW);
        assertThat(messages).hasSize(100);
        assertThat(messages.getLast().content()).isEqualTo("message 149");
    }
}
