package dev.cozebridge.conversation;

import dev.cozebridge.config.BotSettings.AccessSettings;
import dev.cozebridge.core.Author;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use a bot (allow/deny lists of users and places) and how often (a sliding one-minute window per user
 * and bot, across all their conversations).
 */
final class AccessPolicy {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final ConcurrentHashMap<String, ArrayDeque<Instant>> recent = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> lastNotice = new ConcurrentHashMap<>();

    AccessPolicy(Clock clock) {
        this.clock = clock;
    }

    /** Deny lists win over allow lists; an empty allow list allows everyone. Any matching place counts. */
    static boolean allowed(AccessSettings access, Author author, List<String> places) {
        if (access.denyUsers().contains(author.id())) {
            return false;
        }
        if (!access.allowUsers().isEmpty() && !access.allowUsers().contains(author.id())) {
            return false;
        }
        if (places.stream().anyMatch(access.denyChats()::contains)) {
            return false;
        }
        return access.allowChats().isEmpty() || places.stream().anyMatch(access.allowChats()::contains);
    }

    /** How long until this user's next message fits in {@code perMinute} again (zero when it fits now). */
    Duration retryIn(String bot, String userId, int perMinute) {
        if (perMinute <= 0) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        Duration[] left = {Duration.ZERO};
        // read under the map's lock for the key, like the updates in withinRate
        recent.computeIfPresent(bot + "\u0000" + userId, (k, times) -> {
            if (times.size() >= perMinute) {
                Duration d = Duration.between(now, times.peekFirst().plus(WINDOW));
                left[0] = d.isNegative() ? Duration.ZERO : d;
            }
            return times;
        });
        return left[0];
    }

    /** Counts one message of this user; false when it is over {@code perMinute} (0 = unlimited). */
    boolean withinRate(String bot, String userId, int perMinute) {
        if (perMinute <= 0) {
            return true;
        }
        Instant now = clock.instant();
        Instant windowStart = now.minus(WINDOW);
        boolean[] accepted = new boolean[1];
        recent.compute(bot + "\u0000" + userId, (k, times) -> {
            ArrayDeque<Instant> list = times == null ? new ArrayDeque<>() : times;
            while (!list.isEmpty() && !list.peekFirst().isAfter(windowStart)) {
                list.pollFirst();
            }
            if (list.size() < perMinute) {
                list.addLast(now);
                accepted[0] = true;
            }
            return list.isEmpty() ? null : list;
        });
        return accepted[0];
    }

    /**
     * Whether to send a refusal notice (rate limited, busy) for {@code subject} now: at most one a minute, so a
     * flood of messages does not become a flood of notices.
     */
    boolean noticeDue(String subject) {
        Instant now = clock.instant();
        boolean[] due = new boolean[1];
        lastNotice.compute(subject, (k, last) -> {
            if (last == null || !now.isBefore(last.plus(WINDOW))) {
                due[0] = true;
                return now;
            }
            return last;
        });
        if (lastNotice.size() > 10_000) {
            lastNotice.values().removeIf(at -> !now.isBefore(at.plus(WINDOW)));
        }
        return due[0];
    }
}
