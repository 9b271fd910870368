package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out on one embedded PostgreSQL against the fakes, in this JVM: throughput from accepted to answered with 1, 2
 * and 3 instances behind the round-robin webhook; how long a message waits from the webhook POST until an instance
 * has claimed its conversation and asks Coze (an upper bound of the claim latency); and how long a conversation
 * whose holder stopped renewing waits for the takeover (3-second leases). The fake's flood limits are lifted so that
 * it does not set the pace; each instance still paces its own writes as Telegram requires (30 a second, one a second
 * per private chat). Excluded from the normal build; run with
 * {@code ./mvnw -B -q test -Dtest=MultiInstanceBenchmark -Dgroups=benchmark -DexcludedGroups=
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class MultiInstanceBenchmark {
    private static final int CHATS = 100;
    private static final int MESSAGES_PER_CHAT = 2;
    private static final int CLAIM_SAMPLES = 100;
    private static final int TAKEOVERS = 5;
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void throughputClaimLatencyAndTakeoverTime() throws Exception {
        List<String> lines = new ArrayList<>();
        // with the default client-side Coze rate (5 a second per instance), then with it off
        for (int rate : new int[] {5, 0}) {
            for (int instances = 1; instances <= 3; instances++) {
                lines.add(throughput(instances, rate));
            }
        }
        lines.add(claimLatency());
        lines.add(takeover());
        lines.forEach(System.out::println);
    }

    private String throughput(int instances, int cozeRate) throws Exception {
        try (Run run = new Run(dir.resolve("throughput-" + instances + "-" + cozeRate), instances, cozeRate)) {
            run.coze.defaultScript(chat -> Script.answer("Answer to " + chat.lastUserText()));
            List<FakeTelegram.Chat> chats = run.chats(CHATS);
            long start = System.nanoTime();
            for (int m = 0; m < MESSAGES_PER_CHAT; m++) {
                for (FakeTelegram.Chat chat : chats) {
                    run.telegram.userSays(chat, chat.peer(), "message " + m + " in " + chat.id());
                }
            }
            int total = CHATS * MESSAGES_PER_CHAT;
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> chats.stream()
                                    .mapToInt(c -> run.telegram.sent(c).size())
                                    .sum()
                            == total);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(run.coze.chats()).hasSize(total);
            return "throughput, %d instance(s), coze.requests_per_second %d: %d messages in %d chats answered in %.1f s"
                            .formatted(instances, cozeRate, total, CHATS, seconds)
                    + " = %.1f messages/s".formatted(total / seconds);
        }
    }

    private String claimLatency() throws Exception {
        try (Run run = new Run(dir.resolve("claim"), 2, 0)) {
            run.coze.defaultScript(chat -> Script.answer("ok"));
            List<FakeTelegram.Chat> chats = run.chats(CLAIM_SAMPLES);
            List<Duration> waits = new ArrayList<>();
            for (int i = 0; i < chats.size(); i++) {
                FakeTelegram.Chat chat = chats.get(i);
                String text = "claim " + i;
                long sent = System.nanoTime();
                run.telegram.userSays(chat, chat.peer(), text);
                await().pollInterval(Duration.ofMillis(5)).until(() -> asked(run.coze, text) != null);
                waits.add(Duration.ofNanos(asked(run.coze, text).receivedNanos() - sent));
                await().until(() -> run.telegram.sent(chat).size() == 1);
            }
            return "webhook POST -> conversation claimed and Coze asked, 2 instances, %d messages: p50 %s, p99 %s"
                    .formatted(CLAIM_SAMPLES, ms(waits, 50), ms(waits, 99));
        }
    }

    private String takeover() throws Exception {
        try (Run run = new Run(dir.resolve("takeover"), 2, 0)) {
            run.coze.defaultScript(chat -> Script.answer("ok"));
            List<FakeTelegram.Chat> chats = run.chats(TAKEOVERS);
            List<Duration> waits = new ArrayList<>();
            for (int i = 0; i < chats.size(); i++) {
                FakeTelegram.Chat chat = chats.get(i);
                String text = "takeover " + i;
                // the lease as an instance leaves it when it dies right after renewing: nobody renews it again
                Instant renewed = Instant.now();
                long renewedNanos = System.nanoTime();
                run.bridges
                        .history()
                        .queue()
                        .claim(
                                new ConversationKey(WebhookBridges.BOT, "telegram", Long.toString(chat.id())),
                                "killed",
                                renewed,
                                renewed.plus(LEASE_TTL));
                run.telegram.userSays(chat, chat.peer(), text);
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> asked(run.coze, text) != null);
                waits.add(Duration.ofNanos(asked(run.coze, text).receivedNanos() - renewedNanos));
            }
            Collections.sort(waits);
            return "takeover, lease_ttl %ds: last renewal -> another instance asks Coze, %d takeovers: min %s, max %s"
                    .formatted(LEASE_TTL.toSeconds(), TAKEOVERS, ms(waits, 0), ms(waits, 100));
        }
    }

    private static RecordedChat asked(FakeCoze coze, String text) {
        return coze.chats().stream()
                .filter(c -> text.equals(c.lastUserText()))
                .findFirst()
                .orElse(null);
    }

    /** The nearest-rank percentile, in milliseconds; 0 is the minimum. */
    private static String ms(List<Duration> samples, int percentile) {
        List<Duration> sorted = samples.stream().sorted().toList();
        int rank = Math.max(1, (int) Math.ceil(percentile / 100.0 * sorted.size()));
        return "%.1f ms".formatted(sorted.get(rank - 1).toNanos() / 1e6);
    }

    /** Fresh fakes, a fresh database and {@code instances} bridges behind the round-robin webhook. */
    private static final class Run implements AutoCloseable {
        final FakeTelegram telegram = FakeTelegram.start(FakeTelegram.Settings.defaults()
                .withWebhookRetry(Duration.ofMillis(50))
                .withLimits(
                        new FakeTelegram.Limit(1_000, Duration.ofSeconds(1)),
                        new FakeTelegram.Limit(1_000, Duration.ofSeconds(1)),
                        new FakeTelegram.Limit(100_000, Duration.ofSeconds(1))));
        final FakeCoze coze = FakeCoze.start();
        final WebhookBridges bridges;

        Run(Path dir, int instances, int cozeRate) throws Exception {
            Files.createDirectories(dir);
            bridges = new WebhookBridges(dir, telegram, coze, TestDatabases.freshPostgres(), cozeRate);
            List<App> apps = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                apps.add(bridges.start());
            }
            telegram.reverseProxy(
                    WebhookBridges.PUBLIC,
                    apps.stream().map(WebhookBridges::base).toArray(String[]::new));
            for (App app : apps) {
                app.startPlatforms();
            }
        }

        List<FakeTelegram.Chat> chats(int n) {
            List<FakeTelegram.Chat> chats = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                chats.add(telegram.privateChat(FakeTelegram.User.human(10_000 + i, "User" + i, "user" + i)));
            }
            return chats;
        }

        @Override
        public void close() {
            bridges.close();
            telegram.close();
            coze.close();
        }
    }
}
