package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The global write budget on a hand-moved clock: the write that waited longest goes first. */
class DiscordWriteBudgetTest {
    private final AtomicLong now = new AtomicLong();
    private final DiscordWriteBudget budget =
            new DiscordWriteBudget(new DiscordWriteBudget.Pace(1, Duration.ofSeconds(1)), now::get);
    private final List<String> order = new CopyOnWriteArrayList<>();

    @Test
    void writesTakeTheirTurnsInTheOrderTheyCameAndNoSoonerThanTheWindowAllows() throws Exception {
        DiscordWriteBudget.Permit first = budget.acquire();
        Thread second = writer("second");
        await().until(() -> budget.waiting() == 1);
        Thread third = writer("third");
        await().until(() -> budget.waiting() == 2);
        assertThat(budget.tryAcquire()).as("typing while writes wait").isNull();

        first.close();
        assertThat(order)
                .as("the slot stays taken for a window after the write finished")
                .isEmpty();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        await().until(() -> order.equals(List.of("second")));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        await().until(() -> order.equals(List.of("second", "third")));
        second.join();
        third.join();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        DiscordWriteBudget.Permit free = budget.tryAcquire();
        assertThat(free).as("a free slot and nobody waiting").isNotNull();
        free.close();
        free.close(); // closing twice frees one slot
        assertThat(budget.tryAcquire()).isNull();
    }

    @Test
    void anInterruptedWriteLeavesTheLine() throws Exception {
        DiscordWriteBudget.Permit held = budget.acquire();
        Thread waiting = writer("interrupted");
        await().until(() -> budget.waiting() == 1);
        waiting.interrupt();
        await().until(() -> budget.waiting() == 0);
        Thread next = writer("next");
        await().until(() -> budget.waiting() == 1);
        held.close();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        await().until(() -> order.equals(List.of("next")));
        next.join();
    }

    private Thread writer(String name) {
        return Thread.ofVirtual().start(() -> {
            try (DiscordWriteBudget.Permit permit = budget.acquire()) {
                order.add(name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void instancesSplittingTheShardsSplitTheBudgetInProportion() {
        DiscordWriteBudget.Pace all = DiscordWriteBudget.Pace.DEFAULT;
        assertThat(all.shareFor(2, 2)).isEqualTo(all);
        assertThat(all.shareFor(1, 2).count()).isEqualTo(22);
        assertThat(all.shareFor(3, 4).count()).isEqualTo(33);
        // two instances with one shard of two each stay within Discord's 50 together
        assertThat(2 * all.shareFor(1, 2).count()).isLessThanOrEqualTo(45);
        assertThat(all.shareFor(1, 100).count()).as("never nothing").isOne();
        assertThat(all.shareFor(1, 2).window()).isEqualTo(all.window());
    }
}
