package dev.cozebridge.store;

import static dev.cozebridge.store.StoreFixture.KEY;
import static dev.cozebridge.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cozebridge.core.ConversationKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The durable queue and its conversation leases, on H2 and on real PostgreSQL, with the real migrations. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class JdbcInboundQueueTest {
    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dir;

    StoreFixture fx;
    InboundQueue queue;

    @BeforeEach
    void open() {
        fx = new StoreFixture(kind, dir);
        queue = fx.history.queue();
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void messagesComeBackInArrivalOrderPerConversationAndLeaveWhenRemoved() {
        ConversationKey other = new ConversationKey("helper", "discord", "channel-2");
        long a = queue.add(KEY, null, "m1", "{\"n\":1}", T0);
        queue.add(other, "shard:1", "x1", "{}", T0);
        long b = queue.add(KEY, null, "m2", "{\"n\":2}", T0.plusSeconds(1));
        long c = queue.add(KEY, null, "m3", "{\"n\":3}", T0.plusSeconds(2));

        assertThat(queue.next(KEY, 0, 10))
                .extracting(InboundQueue.QueuedMessage::id)
                .containsExactly(a, b, c);
        assertThat(queue.next(KEY, a, 1))
                .extracting(InboundQueue.QueuedMessage::platformMessageId)
                .containsExactly("m2");
        InboundQueue.QueuedMessage first = queue.next(KEY, 0, 1).getFirst();
        assertThat(first.payload()).isEqualTo("{\"n\":1}");
        assertThat(first.acceptedAt()).isEqualTo(T0);
        assertThat(queue.depth(KEY)).isEqualTo(3);
        assertThat(queue.depth("helper", "discord")).isEqualTo(4);
        queue.remove(b);
        assertThat(queue.next(KEY, 0, 10))
                .extracting(InboundQueue.QueuedMessage::id)
                .containsExactly(a, c);
        assertThat(queue.next(other, 0, 10).getFirst().affinity()).isEqualTo("shard:1");
    }

    @Test
    void aPayloadOverTheLimitIsRefusedClearly() {
        assertThatThrownBy(() -> queue.add(KEY, null, "m", "x".repeat(InboundQueue.MAX_PAYLOAD_CHARS + 1), T0))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("at most");
    }

    @Test
    void oneOwnerHoldsALeaseUntilItExpiresOrIsReleased() {
        assertThat(queue.claim(KEY, "a", T0, T0.plusSeconds(30))).isTrue();
        assertThat(queue.claim(KEY, "b", T0.plusSeconds(10), T0.plusSeconds(40)))
                .isFalse();
        // the holder renews
        assertThat(queue.claim(KEY, "a", T0.plusSeconds(20), T0.plusSeconds(50)))
                .isTrue();
        assertThat(queue.claim(KEY, "b", T0.plusSeconds(45), T0.plusSeconds(75)))
                .isFalse();
        // expired: another owner takes over, and the old one cannot renew
        assertThat(queue.claim(KEY, "b", T0.plusSeconds(51), T0.plusSeconds(81)))
                .isTrue();
        assertThat(queue.claim(KEY, "a", T0.plusSeconds(52), T0.plusSeconds(82)))
                .isFalse();
        // releasing someone else's lease does nothing
        queue.release(KEY, "a");
        assertThat(queue.claim(KEY, "a", T0.plusSeconds(53), T0.plusSeconds(83)))
                .isFalse();
        queue.release(KEY, "b");
        assertThat(queue.claim(KEY, "a", T0.plusSeconds(54), T0.plusSeconds(84)))
                .isTrue();
        assertThat(queue.releaseAll()).isEqualTo(1);
        assertThat(queue.claim(KEY, "c", T0.plusSeconds(55), T0.plusSeconds(85)))
                .isTrue();
    }

    @Test
    void aClaimSaysWhetherItTookAnExpiredLeaseOverFromAnotherOwner() {
        assertThat(queue.lease(KEY, "a", T0, T0.plusSeconds(30))).isEqualTo(InboundQueue.Claim.TAKEN);
        assertThat(queue.lease(KEY, "a", T0.plusSeconds(10), T0.plusSeconds(40)))
                .as("a renewal")
                .isEqualTo(InboundQueue.Claim.TAKEN);
        assertThat(queue.lease(KEY, "b", T0.plusSeconds(39), T0.plusSeconds(69)))
                .isEqualTo(InboundQueue.Claim.REFUSED);
        assertThat(queue.lease(KEY, "b", T0.plusSeconds(41), T0.plusSeconds(71)))
                .isEqualTo(InboundQueue.Claim.TAKEN_OVER);
        // its own expired lease is no takeover (a restarted instance under the same name)
        assertThat(queue.lease(KEY, "b", T0.plusSeconds(80), T0.plusSeconds(110)))
                .isEqualTo(InboundQueue.Claim.TAKEN);
        queue.release(KEY, "b");
        assertThat(queue.lease(KEY, "a", T0.plusSeconds(81), T0.plusSeconds(111)))
                .as("a released lease is free, not taken over")
                .isEqualTo(InboundQueue.Claim.TAKEN);
    }

    @Test
    void ownersTakingAnExpiredLeaseAtOnceGetItExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                ConversationKey key = new ConversationKey("helper", "telegram", "takeover-" + round);
                queue.claim(key, "dead", T0, T0.plusSeconds(30));
                List<Callable<InboundQueue.Claim>> claims = new ArrayList<>();
                for (int owner = 0; owner < 8; owner++) {
                    String name = "owner-" + owner;
                    claims.add(() -> queue.lease(key, name, T0.plusSeconds(31), T0.plusSeconds(61)));
                }
                List<InboundQueue.Claim> outcomes = new ArrayList<>();
                for (Future<InboundQueue.Claim> outcome : pool.invokeAll(claims)) {
                    outcomes.add(outcome.get());
                }
                assertThat(outcomes)
                        .as("round %d", round)
                        .containsOnlyOnce(InboundQueue.Claim.TAKEN_OVER)
                        .doesNotContain(InboundQueue.Claim.TAKEN);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ownersClaimingAtOnceGetTheLeaseExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                ConversationKey key = new ConversationKey("helper", "telegram", "race-" + round);
                List<Callable<Boolean>> claims = new ArrayList<>();
                for (int owner = 0; owner < 8; owner++) {
                    String name = "owner-" + owner;
                    claims.add(() -> queue.claim(key, name, T0, T0.plusSeconds(30)));
                }
                int winners = 0;
                for (Future<Boolean> won : pool.invokeAll(claims)) {
                    winners += won.get() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitingListsConversationsNobodyLiveHoldsOldestFirst() {
        ConversationKey second = new ConversationKey("helper", "discord", "channel-2");
        ConversationKey third = new ConversationKey("helper", "discord", "channel-3");
        queue.add(second, "shard:0", "s1", "{}", T0);
        queue.add(KEY, null, "k1", "{}", T0);
        queue.add(third, null, "t1", "{}", T0);
        queue.add(new ConversationKey("helper", "telegram", "x"), null, "x1", "{}", T0);
        queue.claim(third, "other", T0, T0.plusSeconds(30));

        assertThat(queue.waiting("helper", "discord", "me", T0.plusSeconds(1), 10))
                .containsExactly(new InboundQueue.Waiting(second, "shard:0"), new InboundQueue.Waiting(KEY, null));
        // our own lease does not hide a conversation from us; an expired one does not either
        assertThat(queue.waiting("helper", "discord", "other", T0.plusSeconds(1), 10))
                .hasSize(3);
        assertThat(queue.waiting("helper", "discord", "me", T0.plusSeconds(31), 10))
                .hasSize(3);
        assertThat(queue.waiting("helper", "discord", "me", T0, 1)).hasSize(1);
    }
}
