package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.RestCall;
import dev.cozebridge.platform.InboundSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with real parts: the real JDA against the fake Discord, the conversation core on an H2 file
 * database with the real migrations, our Coze client against the fake Coze.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private DiscordBridge bridge;
    private FakeDiscord discord;
    private FakeCoze coze;
    private DiscordAdapter adapter;
    private CountingSink sink;
    /** 429s a test forced on purpose; any other one is JDA outrunning the buckets. */
    private int injected429s;

    @BeforeAll
    void start() {
        bridge = DiscordBridge.in(dir.resolve("db"))
                .bot(bot -> bot.access(new BotSettings.AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 0, 5)))
                .sink(core -> sink = new CountingSink(core))
                .start();
        discord = bridge.discord;
        coze = bridge.coze;
        adapter = bridge.adapter;
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @AfterEach
    void noRateLimitOutsideTheInjectedOnes() {
        assertThat(discord.rateLimitsServed()).as("429s served").isEqualTo(injected429s);
    }

    @Test
    void aMentionIsAnsweredByOneReplyEditedInPlaceUntilComplete() {
        String answer = "The sky looks blue because air scatters short wavelengths more than long ones.";
        coze.enqueue(Script.answer(answer).deltas(12).pace(Duration.ofMillis(80)));
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " why is the sky blue?");
        String reply = bridge.awaitReply(discord.general(), question, answer);
        assertThat(discord.calls("PATCH", "channels/" + discord.general() + "/messages/" + reply))
                .as("edits of the reply")
                .isNotEmpty();
        assertThat(discord.botMessages(discord.general()).stream()
                        .filter(id ->
                                discord.repliesTo(id).filter(question::equals).isPresent()))
                .hasSize(1);
        RecordedChat chat = coze.chats().getLast();
        assertThat(chat.lastUserText()).contains("why is the sky blue?").doesNotContain("<@");
    }

    @Test
    void withoutMentionOrReplyTheBotStaysQuiet() {
        int chats = coze.chats().size();
        String chatter = discord.post(discord.alice(), discord.random(), "nobody asked the bot");
        coze.enqueue(Script.answer("marker answer"));
        String marker =
                discord.post(discord.bob(), discord.random(), discord.bot().mention() + " marker");
        bridge.awaitReply(discord.random(), marker, "marker answer");
        assertThat(coze.chats()).hasSize(chats + 1);
        assertThat(bridge.replyTo(discord.random(), chatter)).isEmpty();
    }

    @Test
    void threadsAreSeparateConversations() {
        String threadA = discord.openThread(discord.general(), "topic A", discord.alice());
        String threadB = discord.openThread(discord.general(), "topic B", discord.bob());
        coze.enqueue(Script.answer("alpha answer"));
        String a = discord.post(discord.alice(), threadA, discord.bot().mention() + " remember alpha");
        bridge.awaitReply(threadA, a, "alpha answer");
        coze.enqueue(Script.answer("beta answer"));
        String b = discord.post(discord.bob(), threadB, discord.bot().mention() + " what did I say?");
        bridge.awaitReply(threadB, b, "beta answer");
        RecordedChat inB = coze.chats().getLast();
        assertThat(inB.messages()).noneMatch(m -> m.content().contains("alpha"));
        coze.enqueue(Script.answer("alpha again"));
        String a2 = discord.post(discord.alice(), threadA, discord.bot().mention() + " and now?");
        bridge.awaitReply(threadA, a2, "alpha again");
        RecordedChat inA = coze.chats().getLast();
        assertThat(inA.messages()).anyMatch(m -> m.content().contains("remember alpha"));
        assertThat(inA.messages()).noneMatch(m -> m.content().contains("what did I say"));
        assertThat(inA.userId()).isNotEqualTo(inB.userId());
    }

    @Test
    void aDirectMessageIsAnsweredPrivately() {
        coze.enqueue(Script.answer("just between us"));
        String question = discord.dm(discord.bob(), "a private question");
        String dm = discord.dmChannel(discord.bob());
        bridge.awaitReply(dm, question, "just between us");
        assertThat(coze.chats().getLast().lastUserText()).contains("a private question");
    }

    @Test
    void resetNeedsTheRightAndThenForgetsTheHistory() {
        String channel = discord.random();
        coze.enqueue(Script.answer("noted"));
        String first = discord.post(discord.alice(), channel, discord.bot().mention() + " my code word is kiwi");
        bridge.awaitReply(channel, first, "noted");

        String refused = discord.slash(discord.alice(), channel, "reset", Map.of());
        await().atMost(WAIT).until(() -> discord.interactionResponse(refused).isPresent());
        assertThat(discord.interactionResponse(refused)).contains(Sentences.en(Text.RESET_NEEDS_MANAGE_MESSAGES));
        coze.enqueue(Script.answer("still kiwi"));
        String second = discord.post(discord.alice(), channel, discord.bot().mention() + " code word?");
        bridge.awaitReply(channel, second, "still kiwi");
        assertThat(coze.chats().getLast().messages()).anyMatch(m -> m.content().contains("kiwi"));

        String reset = discord.slash(discord.moderator(), channel, "reset", Map.of());
        await().atMost(WAIT)
                .until(() -> discord.interactionResponse(reset)
                        .filter(t -> !t.isBlank())
                        .isPresent());
        assertThat(discord.interactionEphemeral(reset)).isTrue();
        coze.enqueue(Script.answer("what code word?"));
        String third = discord.post(discord.alice(), channel, discord.bot().mention() + " code word now?");
        bridge.awaitReply(channel, third, "what code word?");
        assertThat(coze.chats().getLast().messages()).noneMatch(m -> m.content().contains("kiwi"));
    }

    @Test
    void withoutTheDisplayFlagsReasoningAndToolsNeverShow() {
        // paced as in DiscordInteractionsEndToEndTest, where the same script shows both with the flags on
        coze.enqueue(Script.answer("Paris.")
                .tools("city_lookup")
                .thinking("The user asks", " about capitals.")
                .pace(Duration.ofSeconds(1)));
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " capital?");
        String reply = bridge.awaitReply(discord.general(), question, "Paris.");
        assertThat(discord.versions(reply))
                .noneSatisfy(v -> assertThat(v).contains("capitals"))
                .noneSatisfy(v -> assertThat(v).contains("city_lookup"));
    }

    @Test
    void askAnswersThroughTheInteractionHook() {
        String answer = "Forty-two, streamed through the hook.";
        coze.enqueue(Script.answer(answer).deltas(8).pace(Duration.ofMillis(80)));
        String interaction = discord.slash(discord.bob(), discord.general(), "ask", Map.of("prompt", "meaning?"));
        await().atMost(WAIT)
                .until(() -> discord.interactionResponse(interaction)
                        .filter(answer::equals)
                        .isPresent());
        List<RestCall> callbacks = discord.calls("POST", "interactions/" + interaction + "/.*");
        assertThat(callbacks)
                .singleElement()
                .satisfies(c -> assertThat(c.body().path("type").asInt()).isEqualTo(5));
        String token = discord.interactionToken(interaction);
        assertThat(discord.calls("PATCH", "webhooks/\\d+/" + token + "/messages/@original"))
                .hasSizeGreaterThan(1);
        assertThat(coze.chats().getLast().lastUserText()).contains("meaning?");
    }

    @Test
    void aLongAskAnswerContinuesInFollowUps() {
        String answer = ("Step by step, one line at a time. ".repeat(4).strip() + "\n\n")
                .repeat(20)
                .strip();
        coze.enqueue(Script.answer(answer).deltas(10));
        String interaction = discord.slash(discord.alice(), discord.random(), "ask", Map.of("prompt", "long one"));
        await().atMost(WAIT).until(() -> {
            String all = discord.interactionResponse(interaction).orElse("") + "\n\n"
                    + String.join("\n\n", discord.interactionFollowUps(interaction));
            return !discord.interactionFollowUps(interaction).isEmpty()
                    && all.replaceAll("\\s+", " ").strip().equals(answer.replaceAll("\\s+", " "));
        });
        assertThat(discord.interactionResponse(interaction).orElseThrow().length())
                .isLessThanOrEqualTo(2000);
        assertThat(discord.interactionFollowUps(interaction))
                .allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(2000));
    }

    @Test
    void aLongAnswerIsSplitIntoMessagesUnder2000Characters() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; text.length() < 4600; i++) {
            text.append("Paragraph ")
                    .append(i)
                    .append(": ")
                    .append("lorem ipsum dolor sit amet ".repeat(6).strip())
                    .append(".\n\n");
        }
        String answer = text.toString().strip();
        coze.enqueue(Script.answer(answer).deltas(20));
        String channel = discord.general();
        int before = discord.botMessages(channel).size();
        String question = discord.post(discord.alice(), channel, discord.bot().mention() + " write a lot");
        await().atMost(WAIT).until(() -> {
            // one snapshot: the bot may post another message between two reads
            List<String> all = discord.botMessages(channel);
            List<String> mine = all.subList(before, all.size());
            String joined = String.join(
                    "\n\n", mine.stream().map(id -> discord.text(id).orElse("")).toList());
            return mine.size() >= 3 && joined.replaceAll("\\s+", " ").equals(answer.replaceAll("\\s+", " "));
        });
        List<String> all = discord.botMessages(channel);
        List<String> mine = all.subList(before, all.size());
        assertThat(mine)
                .allSatisfy(id ->
                        assertThat(discord.text(id).orElseThrow().length()).isLessThanOrEqualTo(2000));
        assertThat(discord.repliesTo(mine.getFirst())).contains(question);
        assertThat(discord.calls().stream().filter(c -> c.status() == 400)).isEmpty();
    }

    @Test
    void knowledgeSourcesBecomeFootnotesThatDoNotUnfurl() {
        coze.enqueue(Script.answer("Opening hours are 9 to 5.")
                .knowledge(List.of(
                        Script.KnowledgeChunk.web("d1", "Opening hours", "https://example.com/hours", 0.9),
                        Script.KnowledgeChunk.file("d2", "handbook.pdf", 0.8))));
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " hours?");
        String expected = "Opening hours are 9 to 5.\n\n**Sources**\n1. [Opening hours](<https://example.com/hours>)\n"
                + "2. handbook.pdf";
        bridge.awaitReply(discord.general(), question, expected);
    }

    @Test
    void mentionsInCozesAnswerPingNobody() {
        String answer = "Hey @everyone and @here, <@" + discord.alice().id() + "> and <@&" + discord.guildId() + ">!";
        coze.enqueue(Script.answer(answer).deltas(4).pace(Duration.ofMillis(100)));
        String question =
                discord.post(discord.bob(), discord.general(), discord.bot().mention() + " shout");
        String reply = bridge.awaitReply(discord.general(), question, answer);
        assertThat(discord.pings(reply)).isEmpty();
        List<RestCall> writes = discord.calls().stream()
                .filter(c -> c.is("POST", "channels/\\d+/messages")
                        || c.is("PATCH", "channels/\\d+/messages/\\d+")
                        || c.path().startsWith("webhooks/"))
                .toList();
        assertThat(writes).isNotEmpty().allSatisfy(c -> {
            assertThat(c.body().path("allowed_mentions").path("parse").isArray())
                    .isTrue();
            assertThat(c.body().path("allowed_mentions").path("parse")).isEmpty();
            assertThat(c.body().path("allowed_mentions").path("replied_user").asBoolean())
                    .isFalse();
        });
    }

    @Test
    void anInjected429DelaysButDoesNotLoseTheFinalText() {
        String answer = "Delivered despite a rate limit.";
        discord.injectRateLimit("PATCH", "channels/" + discord.random() + "/messages/\\d+", 1);
        injected429s++;
        coze.enqueue(Script.answer(answer).deltas(6).pace(Duration.ofMillis(100)));
        String question =
                discord.post(discord.alice(), discord.random(), discord.bot().mention() + " go");
        bridge.awaitReply(discord.random(), question, answer);
        assertThat(discord.calls().stream().filter(c -> c.status() == 429)).hasSize(1);
    }

    @Test
    void aResumeReplayingOldEventsDoesNotAnswerTwice() {
        long seq = discord.lastSeq();
        coze.enqueue(Script.answer("answered once"));
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " only once");
        bridge.awaitReply(discord.general(), question, "answered once");
        int chats = coze.chats().size();
        int resumes = discord.resumes();
        discord.reconnectReplayingAfter(seq);
        await().atMost(WAIT).until(() -> discord.resumes() == resumes + 1 && adapter.connected());
        // the replayed MESSAGE_CREATE reached the core again, which answered it only once
        await().atMost(WAIT).until(() -> sink.deliveries(question) == 2);
        coze.enqueue(Script.answer("after resume"));
        String marker =
                discord.post(discord.bob(), discord.general(), discord.bot().mention() + " after");
        bridge.awaitReply(discord.general(), marker, "after resume");
        assertThat(coze.chats()).hasSize(chats + 1);
        assertThat(discord.botMessages(discord.general()).stream()
                        .filter(id ->
                                discord.repliesTo(id).filter(question::equals).isPresent()))
                .hasSize(1);
    }

    @Test
    void aCozeFailureIsShownAsAReadableNotice() {
        coze.enqueue(Script.jsonError(200, 4100, "authentication failed"));
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " fail please");
        String expected = "*" + Sentences.failure(FailureKind.INVALID_TOKEN) + "*";
        bridge.awaitReply(discord.general(), question, expected);
    }

    /** The core, counting how often each platform message id was handed to it. */
    private static final class CountingSink extends ForwardingSink {
        private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();

        CountingSink(InboundSink core) {
            super(core);
        }

        int deliveries(String platformMessageId) {
            return deliveries.getOrDefault(platformMessageId, 0);
        }

        @Override
        public Acceptance accept(InboundMessage message) {
            deliveries.merge(message.platformMessageId(), 1, Integer::sum);
            return super.accept(message);
        }
    }
}
