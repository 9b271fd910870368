package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.store.StoredFile;
import dev.cozebridge.store.StoredTurn;
import java.time.Duration;
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

    private static StoredTurn withFiles(String name, String text, StoredFile... files) {
        return new StoredTurn(
                3,
                Role.USER,
                new Author("id-" + name, name),
                text,
                TurnStatus.COMPLETE,
                "m",
                List.of(),
                TokenUsage.NONE,
                List.of(),
                Instant.EPOCH,
                List.of(files));
    }

    @Test
    void filesGoByTheirCozeIdWhileCozeKeepsThemAndAsAShortTextAfter() throws Exception {
        StoredFile recent = new StoredFile(
                Attachment.Kind.IMAGE, "cat.jpg", "7431000000000000001", 1000, NOW.minus(Duration.ofDays(10)));
        StoredFile report = new StoredFile(
                Attachment.Kind.FILE, "q3.pdf", "7431000000000000002", 2000, NOW.minus(Duration.ofDays(10)));
        StoredFile old = new StoredFile(
                Attachment.Kind.IMAGE, "dog.jpg", "7431000000000000003", 1000, NOW.minus(Duration.ofDays(120)));

        List<AgentMessage> messages =
                HistoryWindow.messages(List.of(withFiles("Alice", "compare", recent, report, old)), true, CATALOG, NOW);

        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.objectString()).isTrue();
            ObjectMapper json = new ObjectMapper();
            var expected = json.createArrayNode();
            expected.addObject()
                    .put("type", "text")
                    .put("text", "[Alice] compare\n" + CATALOG.get(Text.MEDIA_PLACEHOLDER, "image", "dog.jpg"));
            expected.addObject().put("type", "image").put("file_id", "7431000000000000001");
            expected.addObject().put("type", "file").put("file_id", "7431000000000000002");
            assertThat(json.readTree(m.content())).isEqualTo(expected);
        });
        List<AgentMessage> allGone =
                HistoryWindow.messages(List.of(withFiles("Alice", "what is this?", old)), false, CATALOG, NOW);
        assertThat(allGone)
                .containsExactly(AgentMessage.user("what is this?\n"
                        + CATALOG.get(Text.MEDIA_PLACEHOLDER, CATALOG.get(Text.MEDIA_KIND_IMAGE), "dog.jpg")));
    }
}
