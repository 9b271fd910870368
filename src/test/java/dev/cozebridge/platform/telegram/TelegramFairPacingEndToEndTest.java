package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.fakes.RecordingMetrics;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.JdbcPlatformStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fair pacing through the real TelegramBots client against the fake's flood control, with the windows shrunk as in
 * {@link TelegramTestSetup}: concurrent replies that write as fast as they may never draw a 429, every one of them
 * gets to write, and a group's writes arrive evenly spaced. Only lower bounds on time are asserted (a loaded machine
 * makes gaps longer, never shorter); the exact shares are held on a simulated clock in
 * {@link TelegramFairPacingTest}.
 */
class TelegramFairPacingEndToEndTest {

    private final FakeTelegram fake = FakeTelegram.start(TelegramTestSetup.fakeSettings());
    private final Database database;
    private final TelegramAdapter adapter;
    private final List<Thread> replies = new ArrayList<>();

    TelegramFairPacingEndToEndTest(@TempDir Path folder) {
        database = Database.open("jdbc:h2:file:" + folder.resolve("bridge"));
        Jdbc jdbc = new Jdbc(database.dataSource());
        adapter = new TelegramAdapter(
                TelegramTestSetup.bot(fake, false, false),
                new JdbcPlatformStateStore(jdbc),
                new JdbcHistoryStore(jdbc),
                Clock.systemUTC(),
                new RecordingMetrics(),
                TelegramTestSetup.tuning());
    }

    @AfterEach
    void close() {
        replies.forEach(Thread::interrupt);
        adapter.stop();
        fake.close();
        database.close();
    }

    /** A reply streaming into {@code chat}: its first message, then one edit after the other, counted. */
    private void streamInto(FakeTelegram.Chat chat, boolean privateChat, AtomicInteger writes) {
        ReplyTarget target = new ReplyTarget(Long.toString(chat.id()), null, null, null, privateChat);
        replies.add(Thread.ofVirtual().start(() -> {
            try {
                MessageRef message = adapter.send(target, "version 0");
                writes.incrementAndGet();
                for (int version = 1; !Thread.currentThread().isInterrupted(); version++) {
                    adapter.edit(message, "version " + version);
                    writes.incrementAndGet();
                }
            } catch (RuntimeException stopped) {
                // interrupted at the end of the test
            }
        }));
    }

    @Test
    void manyRepliesAtOnceAllWriteAndTheGlobalBudgetHolds() {
        int count = 60;
        Map<Integer, AtomicInteger> writes = new ConcurrentHashMap<>();
        for (int i = 0; i < count; i++) {
            FakeTelegram.User user = FakeTelegram.User.human(10_000 + i, "User" + i, null);
            AtomicInteger counter = writes.computeIfAbsent(i, k -> new AtomicInteger());
            streamInto(fake.privateChat(user), true, counter);
        }

        // 60 replies want 60 writes a window, 30 fit: each must still come round again and again
        await().atMost(Duration.ofSeconds(60))
                .until(() -> writes.values().stream().allMatch(w -> w.get() >= 4));
        assertThat(fake.served429()).as("429s served").isZero();
    }

    @Test
    void aGroupIsWrittenToEvenlySpaced() {
        long spacing = TelegramTestSetup.GROUP_WINDOW.toNanos() / TelegramTestSetup.GROUP_COUNT;
        List<FakeTelegram.Chat> groups =
                List.of(fake.supergroup(-1001, "One"), fake.supergroup(-1002, "Two"), fake.supergroup(-1003, "Three"));
        AtomicInteger writes = new AtomicInteger();
        for (FakeTelegram.Chat group : groups) {
            streamInto(group, false, writes);
            streamInto(group, false, writes);
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> groups.stream().allMatch(g -> accepted(g).size() >= 2 * TelegramTestSetup.GROUP_COUNT));
        assertThat(fake.served429()).as("429s served").isZero();
        for (FakeTelegram.Chat group : groups) {
            List<Instant> at = accepted(group);
            for (int k = 1; k < at.size(); k++) {
                assertThat(Duration.between(at.get(k - 1), at.get(k)).toNanos())
                        .as("gap between writes %s and %s in %s", k - 1, k, group.title())
                        .isGreaterThanOrEqualTo(spacing * 5 / 6);
            }
        }
    }

    /** When the fake accepted the bot's writes into {@code chat}. */
    private List<Instant> accepted(FakeTelegram.Chat chat) {
        return fake.calls().stream()
                .filter(c -> c.status() == 200)
                .filter(c -> c.method().equals("sendmessage") || c.method().equals("editmessagetext"))
                .filter(c -> c.params().path("chat_id").asLong() == chat.id())
                .map(FakeTelegram.Call::at)
                .toList();
    }
}
