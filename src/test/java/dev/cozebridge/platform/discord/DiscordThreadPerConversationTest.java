package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.discord.FakeDiscord;
import java.time.Clock;
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
}
