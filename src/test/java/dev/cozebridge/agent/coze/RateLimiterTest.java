package dev.cozebridge.agent.coze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.coze.RateLimiter.Lane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API and the chat platforms share one credential's request slots; while both wait, the API gets at most
 * its share, so a flood of API requests cannot queue platform users behind it. Assertions are on the order of the
 * grants, not on timings.
 */
class RateLimiterTest {
    private final Map<Long, Lane> slots = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private List<Lane> order = List.of();

    private void request(RateLimiter limiter, Lane lane) {
        threads.add(Thread.ofVirtual().start(() -> {
            try {
                slots.put(limiter.acquire(lane), lane);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    /** Waits for every request and reads the lanes in slot order. */
    private void awaitAll() throws InterruptedException {
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30));
        }
        assertThat(threads).noneMatch(Thread::isAlive);
        order = new TreeMap<>(slots).values().stream().toList();
        assertThat(new TreeMap<>(slots).keySet())
                .containsExactlyElementsOf(
                        LongStream.range(0, slots.size()).boxed().toList());
    }

    @Test
    void aPlatformRequestOvertakesAQueueOfApiRequests() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(40, 0.5);
        for (int i = 0; i < 30; i++) {
            request(limiter, Lane.API);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> limiter.waiting(Lane.API) >= 20);

        long apiGrantedBefore = limiter.granted(Lane.API);
        request(limiter, Lane.PLATFORM);
        awaitAll();

        // At most one API request (one already on its way to the slot) goes before it, not the 20+ queued.
        assertThat(order.indexOf(Lane.PLATFORM)).isLessThanOrEqualTo((int) apiGrantedBefore + 1);
        assertThat(order).hasSize(31);
    }

    @Test
    void whileBothLanesWaitTheApiGetsAtMostItsShare() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(40, 0.25);
        for (int i = 0; i < 24; i++) {
            request(limiter, Lane.API);
        }
        for (int i = 0; i < 24; i++) {
            request(limiter, Lane.PLATFORM);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> limiter.waiting(Lane.PLATFORM) == 24 || limiter.granted(Lane.PLATFORM) > 0);
        long before = limiter.granted(Lane.API) + limiter.granted(Lane.PLATFORM);
        awaitAll();

        // From the moment both lanes wait, each run of 8 slots has at most 3 API ones (a quarter, plus one of slack).
        List<Lane> contested = order.subList((int) before, (int) before + 24);
        for (int from = 0; from + 8 <= contested.size(); from++) {
            assertThat(contested.subList(from, from + 8).stream()
                            .filter(l -> l == Lane.API)
                            .count())
                    .as("API slots in %s", contested)
                    .isLessThanOrEqualTo(3);
        }
        assertThat(order).hasSize(48);
    }

    @Test
    void aLaneAloneGetsEverySlot() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(50, 0.1);
        for (int i = 0; i < 10; i++) {
            request(limiter, Lane.API);
        }
        awaitAll();
        assertThat(order).hasSize(10).containsOnly(Lane.API);
    }

    @Test
    void anInterruptedWaiterGivesUpItsPlace() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(2, 0.5);
        for (int i = 0; i < 3; i++) {
            request(limiter, Lane.API);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> limiter.waiting(Lane.API) == 2);
        Thread waiter = threads.stream()
                .filter(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)
                .findFirst()
                .orElseThrow();
        waiter.interrupt();
        waiter.join(Duration.ofSeconds(10));
        assertThat(waiter.isAlive()).isFalse();
        threads.remove(waiter);
        awaitAll();
        assertThat(limiter.waiting(Lane.API)).isZero();
        assertThat(order).hasSize(2);
    }

    @Test
    void theShareMustLeavePlatformsSomething() {
        assertThatThrownBy(() -> new RateLimiter(5, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
