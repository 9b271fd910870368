package dev.cozebridge.store;

import static dev.cozebridge.store.StoreFixture.ALICE;
import static dev.cozebridge.store.StoreFixture.KEY;
import static dev.cozebridge.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.core.ConversationKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs on H2 and on a real PostgreSQL: the store must behave the same on both. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class JdbcHistoryStoreConcurrencyTest {
    @Parameter
    TestDatabases.Kind kind;

    private static final int THREADS = 8;

    @TempDir
    Path dir;

    StoreFixture fx;

    @BeforeEach
    void open() {
        fx = new StoreFixture(kind, dir);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @RepeatedTest(5)
    void concurrentDeliveriesOfOneEventStoreExactlyOneTurn() throws Exception {
        // fresh store: the conversation row does not exist yet, so its creation races too
        JdbcHistoryStore store = new JdbcHistoryStore(new Jdbc(fx.database.dataSource()));
        ConversationKey key = new ConversationKey("helper", "discord", "race-" + System.nanoTime());

        List<Optional<Long>> results = all(() -> store.appendUserTurn(key, ALICE, "hi", "m-1", T0));

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(store.turns(key)).hasSize(1);
        assertThat(new JdbcHistoryStore(new Jdbc(fx.database.dataSource())).turns(key))
                .hasSize(1);
    }

    @Test
    void concurrentDistinctEventsAreAllStored() throws Exception {
        JdbcHistoryStore store = fx.history;
        List<String> ids = new ArrayList<>();
        List<Optional<Long>> results = all(() -> {
            String id = "m-" + Thread.currentThread().threadId();
            synchronized (ids) {
                ids.add(id);
            }
            return store.appendUserTurn(KEY, ALICE, id, id, T0);
        });

        assertThat(results).allMatch(Optional::isPresent);
        assertThat(store.turns(KEY)).extracting(StoredTurn::platformMessageId).containsExactlyInAnyOrderElementsOf(ids);
    }

    /** Runs {@code task} on {@link #THREADS} threads released at the same moment. */
    private static <T> List<T> all(Callable<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
