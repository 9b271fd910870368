package dev.cozebridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The questions behind suggestion buttons, on real H2 with the real migrations. */
class JdbcSuggestionStoreTest {

    private final StoreFixture db;
    private final JdbcSuggestionStore store;

    JdbcSuggestionStoreTest(@TempDir Path dir) {
        db = new StoreFixture(dir);
        store = new JdbcSuggestionStore(new Jdbc(db.database.dataSource()));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void issuesShortIdsFindsThemUntilTheyExpireAndSkipsUnusableQuestions() {
        List<SuggestionStore.Issued> issued = store.issue(
                StoreFixture.KEY,
                List.of("How?", " ", "x".repeat(SuggestionStore.MAX_QUESTION + 1), "Why?"),
                StoreFixture.T0,
                StoreFixture.T0.plus(Duration.ofHours(1)));

        assertThat(issued).extracting(SuggestionStore.Issued::question).containsExactly("How?", "Why?");
        assertThat(issued).allSatisfy(i -> assertThat(i.id()).matches("[0-9A-Za-z]{12}"));
        StoredSuggestion found = store.find(issued.getFirst().id(), StoreFixture.T0.plusSeconds(60))
                .orElseThrow();
        assertThat(found.key()).isEqualTo(StoreFixture.KEY);
        assertThat(found.question()).isEqualTo("How?");
        assertThat(found.createdAt()).isEqualTo(StoreFixture.T0);
        assertThat(store.find(issued.getFirst().id(), StoreFixture.T0.plus(Duration.ofHours(2))))
                .isEmpty();
        assertThat(store.find("nope", StoreFixture.T0)).isEmpty();
    }

    @Test
    void pressingOneButtonUsesTheWholeBatchOnce() {
        List<SuggestionStore.Issued> first =
                store.issue(StoreFixture.KEY, List.of("A?", "B?"), StoreFixture.T0, StoreFixture.T0.plusSeconds(600));
        List<SuggestionStore.Issued> other =
                store.issue(StoreFixture.KEY, List.of("C?"), StoreFixture.T0, StoreFixture.T0.plusSeconds(600));
        StoredSuggestion a = store.find(first.get(0).id(), StoreFixture.T0).orElseThrow();

        assertThat(store.claim(a)).isTrue();
        assertThat(store.claim(a)).isFalse();
        assertThat(store.find(first.get(1).id(), StoreFixture.T0)).isEmpty();
        assertThat(store.find(other.getFirst().id(), StoreFixture.T0)).isPresent();
    }

    @Test
    void expiredButtonsArePurged() {
        store.issue(StoreFixture.KEY, List.of("old?"), StoreFixture.T0, StoreFixture.T0.plusSeconds(60));
        List<SuggestionStore.Issued> fresh =
                store.issue(StoreFixture.KEY, List.of("new?"), StoreFixture.T0, StoreFixture.T0.plusSeconds(600));

        assertThat(store.purgeExpired(StoreFixture.T0.plusSeconds(120))).isEqualTo(1);
        assertThat(store.find(fresh.getFirst().id(), StoreFixture.T0.plusSeconds(120)))
                .isPresent();
    }
}
