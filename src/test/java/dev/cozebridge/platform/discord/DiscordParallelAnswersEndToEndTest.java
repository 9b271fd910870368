package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Role;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.RestCall;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.StoredTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy Discord channel is not one queue (issue 16): with {@code bots[].conversation.parallel} at its default of 3,
 * three mentions in one channel stream their answers at once. The real JDA against the fake Discord (strict
 * per-channel buckets), the core on H2, the Coze client against the fake Coze holding every answer half-way until
 * all three are seen streaming.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordParallelAnswersEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> QUESTIONS = List.of("first", "second", "third");

    @TempDir
    static Path dir;

    private DiscordBridge bridge;
    private FakeDiscord discord;
    private FakeCoze coze;
    private JdbcHistoryStore store;

    @BeforeAll
    void start() {
        bridge = DiscordBridge.in(dir.resolve("db"))
                .bot(bot -> bot.access(new BotSettings.AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 0, 10)))
                .start();
        assertThat(bridge.bot.queue().parallel()).as("the default").isEqualTo(3);
        discord = bridge.discord;
        coze = bridge.coze;
        store = bridge.store;
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private static String answerTo(String question) {
        return "Answer to the " + question + " question, in several words.";
    }

    /** Which of the three questions a chat asks. */
    private static String question(RecordedChat chat) {
        String text = chat.lastUserText();
        return QUESTIONS.stream().filter(text::contains).findFirst().orElse("?");
    }

    @Test
    void threeMentionsInOneChannelStreamAtOnce() {
        CountDownLatch release = new CountDownLatch(1);
        coze.defaultScript(
                chat -> Script.answer(answerTo(question(chat))).deltas(6).holdAfter(2, release));
        String channel = discord.addChannel("busy");
        List<String> asked = new ArrayList<>();
        for (String q : QUESTIONS) {
            asked.add(discord.post(discord.alice(), channel, discord.bot().mention() + " " + q));
        }

        // every answer is held half-way: three Coze chats are open at once, each already shown in the channel
        await().atMost(WAIT).until(() -> coze.openStreams() == 3);
        await().atMost(WAIT)
                .until(() -> asked.stream()
                        .allMatch(q -> bridge.replyTo(channel, q)
                                .flatMap(discord::text)
                                .filter(t -> t.startsWith("Answer"))
                                .isPresent()));
        assertThat(coze.streams()).as("no chat has ended").isEmpty();

        release.countDown();
        for (int i = 0; i < QUESTIONS.size(); i++) {
            String q = asked.get(i);
            String expected = answerTo(QUESTIONS.get(i));
            await().atMost(WAIT)
                    .until(
                            () -> bridge.replyTo(channel, q)
                                    .flatMap(discord::text)
                                    .orElse(""),
                            expected::equals);
        }

        // each saw the history as it was when its question arrived: no other answer in it
        for (RecordedChat chat : coze.chats()) {
            assertThat(chat.messages()).noneSatisfy(m -> assertThat(m.content()).startsWith("Answer to"));
        }
        ConversationKey key = new ConversationKey("helper", "discord", channel);
        await().atMost(WAIT)
                .until(() -> store.turns(key).stream()
                                .filter(t -> t.role() == Role.ASSISTANT)
                                .count()
                        == 3);
        assertThat(store.turns(key))
                .filteredOn(t -> t.role() == Role.USER)
                .extracting(StoredTurn::text)
                .as("stored in arrival order")
                .hasSize(3)
                .satisfies(texts -> {
                    for (int i = 0; i < 3; i++) {
                        assertThat(texts.get(i)).contains(QUESTIONS.get(i));
                    }
                });
        // the channel's pacing covers all three replies: one write a second into it, and Discord never said 429
        List<RestCall> writes = discord.calls().stream()
                .filter(c -> c.is("POST", "channels/" + channel + "/messages")
                        || c.is("PATCH", "channels/" + channel + "/messages/\\d+"))
                .sorted(Comparator.comparingLong(RestCall::receivedNanos))
                .toList();
        for (int i = 1; i < writes.size(); i++) {
            long gap = writes.get(i).receivedNanos() - writes.get(i - 1).receivedNanos();
            assertThat(Duration.ofNanos(gap))
                    .as("gap before write %d of %d into the channel", i, writes.size())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
        assertThat(discord.rateLimitsServed()).as("429s served").isZero();
    }
}
