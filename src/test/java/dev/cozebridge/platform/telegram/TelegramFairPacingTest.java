package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replies share Telegram's budgets fairly (platforms §4: 30 writes a second overall, 20 a minute per group, about
 * one a second per private chat), with Telegram's real numbers on a simulated clock ({@link SteppedWriters}): every
 * reply gets its turn in order, and a group's writes are spread evenly instead of bursting.
 */
class TelegramFairPacingTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final TelegramTuning TELEGRAM = new TelegramTuning(
            Duration.ofSeconds(50),
            new TelegramTuning.Pace(1, Duration.ofSeconds(1)),
            new TelegramTuning.Pace(20, Duration.ofMinutes(1)),
            new TelegramTuning.Pace(30, Duration.ofSeconds(1)),
            TelegramTestSetup.STARTUP);

    @Test
    void aHundredRepliesShareTheGlobalBudgetInTurn() {
        int replies = 100;
        int global = TELEGRAM.global().count();
        try (SteppedWriters run = new SteppedWriters(TELEGRAM)) {
            // a hundred private chats: each could write once a second, together they want 100 a second
            run.start(replies, i -> 1_000 + i);
            run.runFor(Duration.ofSeconds(60));

            Map<Integer, List<Long>> byReply = run.byWriter();
            assertThat(byReply).hasSize(replies);
            // with everyone in line, a reply's turn comes back within ceil(100 / 30) + 1 seconds
            long turn = ((replies + global - 1) / global + 1) * SECOND;
            byReply.forEach((reply, times) -> {
                assertThat(times.getFirst())
                        .as("first write of reply %s", reply)
                        .isLessThanOrEqualTo(turn);
                for (int k = 1; k < times.size(); k++) {
                    assertThat(times.get(k) - times.get(k - 1))
                            .as("gap between writes %s and %s of reply %s", k - 1, k, reply)
                            .isLessThanOrEqualTo(turn);
                }
            });
            // over the steady part of the run, the slowest reply still gets 90 % of its fair share
            long from = 10 * SECOND;
            long to = 60 * SECOND;
            double fairShare = (double) global * (to - from) / SECOND / replies;
            long slowest = byReply.values().stream()
                    .mapToLong(times ->
                            times.stream().filter(t -> t >= from && t < to).count())
                    .min()
                    .orElseThrow();
            assertThat(slowest).as(byReply.toString()).isGreaterThanOrEqualTo((long) Math.ceil(0.9 * fairShare));
            // and the budget itself holds: never more than 30 writes in a second
            List<Long> all =
                    run.writes().stream().map(SteppedWriters.Write::at).sorted().toList();
            for (int k = global; k < all.size(); k++) {
                assertThat(all.get(k) - all.get(k - global)).isGreaterThanOrEqualTo(SECOND);
            }
        }
    }

    @Test
    void eachGroupIsWrittenToEvenlyFromTheFirstWriteOn() {
        long[] groups = {-1001, -1002, -1003};
        try (SteppedWriters run = new SteppedWriters(TELEGRAM)) {
            // two replies being written in each of three groups
            run.start(6, i -> groups[i % 3]);
            run.runFor(Duration.ofSeconds(120));

            Map<Long, List<Long>> byGroup = run.byChat();
            assertThat(byGroup).containsOnlyKeys(groups[0], groups[1], groups[2]);
            byGroup.forEach((group, times) -> {
                assertThat(times.getFirst()).isZero();
                for (int k = 1; k < times.size(); k++) {
                    assertThat(times.get(k) - times.get(k - 1))
                            .as("gap between writes %s and %s in group %s", k - 1, k, group)
                            .isGreaterThanOrEqualTo(SECOND * 5 / 2);
                }
                // 20 a minute, spread out: two minutes hold 40, not 20 at once and then a pause
                assertThat(times).hasSize(40);
            });
            // the two replies of a group take turns: once both wait, neither writes twice in a row
            for (long group : groups) {
                List<Integer> order = run.writes().stream()
                        .filter(w -> w.chat() == group)
                        .sorted(Comparator.comparingLong(SteppedWriters.Write::at))
                        .map(SteppedWriters.Write::writer)
                        .toList();
                int other = order.getFirst() < 3 ? order.getFirst() + 3 : order.getFirst() - 3;
                // the second reply starts waiting at once, at worst behind the first one's second write
                int bothWaiting = order.indexOf(other);
                assertThat(bothWaiting).isBetween(1, 2);
                for (int k = bothWaiting; k < order.size(); k++) {
                    assertThat(order.get(k))
                            .as("write %s in group %s: %s", k, group, order)
                            .isNotEqualTo(order.get(k - 1));
                }
            }
        }
    }
}
