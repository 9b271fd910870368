package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.config.BotSettings.AccessSettings;
import dev.cozebridge.core.Author;
import dev.cozebridge.fakes.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final Author ALICE = new Author("alice", "Alice");

    @Test
    void emptyListsAllowEveryone() {
        AccessSettings open = new AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 0, 5);
        assertThat(AccessPolicy.allowed(open, ALICE, List.of())).isTrue();
    }

    @Test
    void denyWinsOverAllowAndAnyPlaceCounts() {
        AccessSettings lists = new AccessSettings(Set.of("alice"), Set.of(), Set.of("guild"), Set.of("thread-9"), 0, 5);
        assertThat(AccessPolicy.allowed(lists, ALICE, List.of("chan", "guild"))).isTrue();
        assertThat(AccessPolicy.allowed(lists, ALICE, List.of("thread-9", "chan", "guild")))
                .isFalse();
        assertThat(AccessPolicy.allowed(lists, ALICE, List.of("other"))).isFalse();
        assertThat(AccessPolicy.allowed(lists, new Author("bob", "Bob"), List.of("guild")))
                .isFalse();
        AccessSettings denyAlice = new AccessSettings(Set.of("alice"), Set.of("alice"), Set.of(), Set.of(), 0, 5);
        assertThat(AccessPolicy.allowed(denyAlice, ALICE, List.of())).isFalse();
    }

    @Test
    void perMinuteLimitIsASlidingWindowPerUserAndBot() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-21T06:00:00Z"));
        AccessPolicy policy = new AccessPolicy(clock);
        assertThat(policy.withinRate("bot", "alice", 2)).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(policy.withinRate("bot", "alice", 2)).isTrue();
        assertThat(policy.withinRate("bot", "alice", 2)).isFalse();
        assertThat(policy.withinRate("bot", "bob", 2)).isTrue();
        assertThat(policy.withinRate("other-bot", "alice", 2)).isTrue();
        clock.advance(Duration.ofSeconds(31));
        // the first message left the window; the second is still in it
        assertThat(policy.withinRate("bot", "alice", 2)).isTrue();
        assertThat(policy.withinRate("bot", "alice", 2)).isFalse();
        assertThat(policy.withinRate("bot", "alice", 0)).isTrue();
    }

    @Test
    void refusalNoticesAreSentAtMostOnceAMinutePerSubject() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-21T06:00:00Z"));
        AccessPolicy policy = new AccessPolicy(clock);
        assertThat(policy.noticeDue("busy:a")).isTrue();
        assertThat(policy.noticeDue("busy:a")).isFalse();
        assertThat(policy.noticeDue("busy:b")).isTrue();
        clock.advance(Duration.ofSeconds(59));
        assertThat(policy.noticeDue("busy:a")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.noticeDue("busy:a")).isTrue();
    }
}
