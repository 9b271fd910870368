package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.fakes.CapturedLogs;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakePermission;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code thread_per_conversation}: a mention in a channel opens a thread and the conversation lives there. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordThreadPerConversationTest {
    private FakeDiscord discord;
    private DiscordAdapter adapter;
    private final RecordingSink sink = new RecordingSink();

    @BeforeAll
    void start() {
        discord = FakeDiscord.start();
        adapter = new DiscordAdapter(DiscordTestBots.bot(discord, true), Clock.systemUTC(), BridgeMetrics.NOOP);
        adapter.start(sink);
    }

    @AfterAll
    void stop() {
        adapter.stop();
        discord.close();
    }

    @BeforeEach
    void clear() {
        sink.clear();
    }

    @Test
    void aMentionOpensAThreadAndTheThreadIsTheConversation() {
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " plan a trip to Lisbon");
        await().until(() -> sink.accepted.size() == 1);
        InboundMessage in = sink.last();
        String thread = discord.threadOf(question).orElseThrow();
        assertThat(discord.calls("POST", "channels/" + discord.general() + "/messages/" + question + "/threads")
                        .getFirst()
                        .body()
                        .path("name")
                        .asText())
                .isEqualTo("plan a trip to Lisbon");
        assertThat(in.key().scope()).isEqualTo(thread);
        assertThat(in.replyTarget().threadId()).isEqualTo(thread);
        assertThat(in.places()).containsExactly(thread, discord.general(), discord.guildId());

        MessageRef answer = adapter.send(in.replyTarget(), "Day one: Alfama.");
        assertThat(answer.channelId()).isEqualTo(thread);
        assertThat(discord.botMessages(discord.general())).isEmpty();

        // inside the bot's own thread no mention is needed
        String next = discord.post(discord.alice(), thread, "and day two?");
        await().until(() -> sink.accepted.size() == 2);
        assertThat(sink.last().platformMessageId()).isEqualTo(next);
        assertThat(sink.last().key().scope()).isEqualTo(thread);
    }

    @Test
    void aLongQuestionNamesItsThreadWithWholeCharacters() {
        // 78 letters, then an emoji on units 79-80: a cut at 79 units would keep half of it
        String question = "x".repeat(78) + "😀 and what comes after it";
        String posted =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " " + question);
        await().until(() -> sink.accepted.size() == 1);
        String name = discord.calls("POST", "channels/" + discord.general() + "/messages/" + posted + "/threads")
                .getFirst()
                .body()
                .path("name")
                .asText();
        assertThat(name).isEqualTo("x".repeat(78) + "…");
        assertThat(name.codePoints()).noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }

    @Test
    void noThreadIsOpenedForSomeoneTheAccessListsTurnAway() {
        sink.deniedAuthors.add(discord.bob().id());
        String question =
                discord.post(discord.bob(), discord.random(), discord.bot().mention() + " let me in");
        // events are handled in order, and thread creations in one channel share a bucket, so once Alice's
        // thread exists Bob's would too
        String allowed =
                discord.post(discord.alice(), discord.random(), discord.bot().mention() + " me");
        await().until(() ->
                sink.accepted.stream().anyMatch(m -> m.platformMessageId().equals(allowed)));
        assertThat(discord.threadOf(allowed)).isPresent();
        assertThat(discord.threadOf(question)).isEmpty();
        assertThat(sink.accepted).noneMatch(m -> m.platformMessageId().equals(question));
    }

    @Test
    void withoutCreatePublicThreadsTheQuestionIsAnsweredInTheChannelAndLoggedOncePerChannel() {
        String cached = discord.addChannel("no-threads");
        // JDA's cache knows: createThreadChannel throws synchronously on the gateway thread
        discord.denyBot(cached, FakePermission.CREATE_PUBLIC_THREADS);
        String quiet = discord.addChannel("no-threads-either");
        // only Discord knows: the thread request is answered 403 {code:50013}
        discord.denyBotQuietly(quiet, FakePermission.CREATE_PUBLIC_THREADS);
        try (CapturedLogs logs = CapturedLogs.start()) {
            List<String> questions = List.of(
                    discord.post(discord.alice(), cached, discord.bot().mention() + " first"),
                    discord.post(discord.bob(), cached, discord.bot().mention() + " second"),
                    discord.post(discord.alice(), quiet, discord.bot().mention() + " third"),
                    discord.post(discord.bob(), quiet, discord.bot().mention() + " fourth"));

            await().until(() -> sink.accepted.size() == 4);
            for (int i = 0; i < 4; i++) {
                String question = questions.get(i);
                // the quiet channel's questions arrive from JDA's REST callbacks, not necessarily in order
                InboundMessage in = sink.accepted.stream()
                        .filter(m -> m.platformMessageId().equals(question))
                        .findFirst()
                        .orElseThrow();
                String channel = i < 2 ? cached : quiet;
                assertThat(in.key().scope()).isEqualTo(channel);
                assertThat(in.replyTarget().channelId()).isEqualTo(channel);
                assertThat(in.replyTarget().threadId()).isNull();
                assertThat(in.replyTarget().replyToMessageId()).isEqualTo(questions.get(i));
                assertThat(discord.threadOf(questions.get(i))).isEmpty();
            }
            assertThat(discord.calls("POST", "channels/" + cached + "/messages/\\d+/threads"))
                    .as("no request when the cache knows")
                    .isEmpty();
            assertThat(discord.calls("POST", "channels/" + quiet + "/messages/\\d+/threads"))
                    .hasSize(2)
                    .allSatisfy(call -> assertThat(call.status()).isEqualTo(403));
            List<String> warnings = logs.from("dev.cozebridge", "net.dv8tion").stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
            assertThat(warnings).hasSize(2);
            assertThat(warnings)
                    .anySatisfy(line -> assertThat(line)
                            .contains("\"Create Public Threads\"")
                            .contains(cached));
            assertThat(warnings)
                    .anySatisfy(line -> assertThat(line)
                            .contains("\"Create Public Threads\"")
                            .contains(quiet));
            InboundMessage first = sink.accepted.stream()
                    .filter(m -> m.platformMessageId().equals(questions.getFirst()))
                    .findFirst()
                    .orElseThrow();
            MessageRef answer = adapter.send(first.replyTarget(), "Here, in the channel.");
            assertThat(answer.channelId()).isEqualTo(cached);
            assertThat(discord.repliesTo(answer.messageId())).contains(questions.getFirst());
        }
    }
}
