package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.RecordingMetrics;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakeDiscordSettings;
import dev.cozebridge.fakes.discord.RestCall;
import dev.cozebridge.platform.PlatformException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The adapter with the real JDA against the fake Discord, with a recording sink in place of the core. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordAdapterTest {
    private FakeDiscord discord;
    private DiscordAdapter adapter;
    private final RecordingSink sink = new RecordingSink();
    private final RecordingMetrics metrics = new RecordingMetrics();

    @BeforeAll
    void start() {
        discord = FakeDiscord.start(FakeDiscordSettings.defaults().withBucket(5, Duration.ofMillis(500)));
        adapter = new DiscordAdapter(DiscordTestBots.bot(discord, false), Clock.systemUTC(), metrics);
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
    void connectsWithTheThreeIntentsAndRegistersTheCommands() {
        assertThat(adapter.connected()).isTrue();
        // GUILDS (always) + GUILD_MESSAGES + DIRECT_MESSAGES + MESSAGE_CONTENT
        assertThat(discord.identifiedIntents()).containsExactly(1 | 1 << 9 | 1 << 12 | 1 << 15);
        JsonNode commands = discord.registeredCommands();
        assertThat(commands).isNotNull();
        assertThat(commands.findValuesAsText("name")).contains("ask", "reset", "help");
        JsonNode reset = null;
        for (JsonNode command : commands) {
            if (command.path("name").asText().equals("reset")) {
                reset = command;
            }
        }
        assertThat(reset.path("default_member_permissions").asText()).isEqualTo(Long.toString(1L << 13));
        assertThat(adapter.limits().maxMessageLength()).isEqualTo(2000);
        // production settings: gateway v10, JSON, one zlib stream per connection (the fake compresses too)
        assertThat(discord.gatewayConnections().getFirst()).contains("v=10", "encoding=json", "compress=zlib-stream");
    }

    @Test
    void aMentionBecomesAnInboundMessageAndTheAnswerRepliesWithoutPinging() {
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " what is   the weather?");
        await().until(() -> sink.accepted.size() == 1);
        InboundMessage in = sink.last();
        assertThat(in.key().toString()).isEqualTo("helper/discord/" + discord.general());
        assertThat(in.platformMessageId()).isEqualTo(question);
        assertThat(in.text()).isEqualTo("what is the weather?");
        assertThat(in.author().id()).isEqualTo(discord.alice().id());
        assertThat(in.author().displayName()).isEqualTo("Alice Liddell");
        assertThat(in.multiUser()).isTrue();
        assertThat(in.places()).containsExactly(discord.general(), discord.guildId());
        assertThat(in.replyTarget().replyToMessageId()).isEqualTo(question);
        assertThat(in.replyTarget().privateChat()).isFalse();

        MessageRef sent = adapter.send(in.replyTarget(), "Sunny @everyone ▌");
        adapter.edit(sent, "Sunny, 21 °C. @everyone <@" + discord.alice().id() + ">");
        assertThat(discord.text(sent.messageId()))
                .contains("Sunny, 21 °C. @everyone <@" + discord.alice().id() + ">");
        assertThat(discord.repliesTo(sent.messageId())).contains(question);
        assertThat(discord.pings(sent.messageId())).isEmpty();
        RestCall post = discord.calls("POST", "channels/" + discord.general() + "/messages")
                .getLast();
        assertThat(post.body().path("allowed_mentions").path("parse").isEmpty()).isTrue();
        assertThat(post.body().path("allowed_mentions").path("replied_user").asBoolean(true))
                .isFalse();
        RestCall patch = discord.calls("PATCH", "channels/.*/messages/" + sent.messageId())
                .getLast();
        assertThat(patch.body().path("allowed_mentions").path("parse").isArray())
                .isTrue();
        assertThat(patch.body().path("allowed_mentions").path("parse").isEmpty())
                .isTrue();
    }

    @Test
    void ignoresMessagesNotAddressedToTheBot() {
        discord.post(discord.alice(), discord.general(), "just chatting");
        discord.post(discord.moderator(), discord.general(), "@everyone meeting at 5");
        discord.post(discord.alice(), discord.general(), discord.bob().mention() + " hi Bob");
        discord.post(discord.otherBot(), discord.general(), discord.bot().mention() + " bots talking");
        String marker =
                discord.post(discord.bob(), discord.random(), discord.bot().mention() + " marker");
        await().until(() ->
                sink.accepted.stream().anyMatch(m -> m.platformMessageId().equals(marker)));
        assertThat(sink.accepted).hasSize(1);
    }

    @Test
    void aReplyToTheBotCountsEvenWithoutPing() {
        String question =
                discord.post(discord.alice(), discord.random(), discord.bot().mention() + " first");
        await().until(() -> sink.accepted.size() == 1);
        MessageRef answer = adapter.send(sink.last().replyTarget(), "First answer");
        String followUp = discord.reply(discord.alice(), discord.random(), answer.messageId(), "and then?", false);
        await().until(() -> sink.accepted.size() == 2);
        assertThat(sink.last().platformMessageId()).isEqualTo(followUp);
        assertThat(sink.last().text()).isEqualTo("and then?");
        assertThat(question).isNotEqualTo(followUp);
        // a reply to another user's message is not for the bot
        discord.reply(discord.bob(), discord.random(), question, "me too", false);
        String marker =
                discord.post(discord.bob(), discord.random(), discord.bot().mention() + " marker");
        await().until(() ->
                sink.accepted.stream().anyMatch(m -> m.platformMessageId().equals(marker)));
        assertThat(sink.accepted).hasSize(3);
    }

    @Test
    void eachThreadIsItsOwnConversationAndAnswersGoIntoIt() {
        String thread = discord.openThread(discord.general(), "side topic", discord.bob());
        discord.post(discord.bob(), thread, discord.bot().mention() + " in the thread");
        await().until(() -> sink.accepted.size() == 1);
        InboundMessage in = sink.last();
        assertThat(in.key().scope()).isEqualTo(thread);
        assertThat(in.places()).containsExactly(thread, discord.general(), discord.guildId());
        assertThat(in.replyTarget().threadId()).isEqualTo(thread);
        MessageRef sent = adapter.send(in.replyTarget(), "thread answer");
        assertThat(sent.channelId()).isEqualTo(thread);
        assertThat(discord.botMessages(thread)).containsExactly(sent.messageId());
    }

    @Test
    void aDmIsAnsweredWithoutMention() {
        String question = discord.dm(discord.bob(), "hello in private");
        await().until(() -> sink.accepted.size() == 1);
        InboundMessage in = sink.last();
        assertThat(in.platformMessageId()).isEqualTo(question);
        assertThat(in.key().scope()).isEqualTo(discord.dmChannel(discord.bob()));
        assertThat(in.replyTarget().privateChat()).isTrue();
        assertThat(in.multiUser()).isFalse();
        assertThat(in.author().displayName()).isEqualTo("Bob");
        MessageRef sent = adapter.send(in.replyTarget(), "private answer");
        assertThat(discord.text(sent.messageId())).contains("private answer");
        // a DM reply names its recipient too, so a later process can open the DM again to edit it
        assertThat(sent.channelId())
                .isEqualTo(
                        discord.dmChannel(discord.bob()) + "@" + discord.bob().id());
    }

    @Test
    void resetNeedsManageMessagesInGuilds() {
        String denied = discord.slash(discord.alice(), discord.general(), "reset", Map.of());
        await().until(() -> discord.interactionResponse(denied).isPresent());
        assertThat(discord.interactionResponse(denied)).contains(Sentences.en(Text.RESET_NEEDS_MANAGE_MESSAGES));
        assertThat(discord.interactionEphemeral(denied)).isTrue();
        assertThat(sink.resets).isEmpty();

        String allowed = discord.slash(discord.moderator(), discord.general(), "reset", Map.of());
        await().until(() ->
                discord.interactionResponse(allowed).filter(t -> !t.isEmpty()).isPresent());
        assertThat(discord.interactionResponse(allowed)).contains("Conversation reset by Mia the Mod.");
        assertThat(sink.resets).singleElement().satisfies(r -> {
            assertThat(r.key().scope()).isEqualTo(discord.general());
            assertThat(r.by().id()).isEqualTo(discord.moderator().id());
        });

        String inDm = discord.slash(discord.alice(), discord.dmChannel(discord.alice()), "reset", Map.of());
        await().until(() ->
                discord.interactionResponse(inDm).filter(t -> !t.isEmpty()).isPresent());
        assertThat(sink.resets).hasSize(2);
        assertThat(sink.resets.getLast().key().scope()).isEqualTo(discord.dmChannel(discord.alice()));
    }

    @Test
    void askStreamsThroughTheInteractionHook() {
        String interaction = discord.slash(discord.alice(), discord.general(), "ask", Map.of("prompt", "tell me"));
        await().until(() -> sink.accepted.size() == 1);
        InboundMessage in = sink.last();
        assertThat(in.platformMessageId()).isEqualTo(interaction);
        assertThat(in.text()).isEqualTo("tell me");
        assertThat(in.replyTarget().handle()).isNotNull();
        await().until(() ->
                !discord.calls("POST", "interactions/" + interaction + "/.*").isEmpty());
        MessageRef first = adapter.send(in.replyTarget(), "part one ▌");
        adapter.edit(first, "part one");
        MessageRef second = adapter.send(in.replyTarget(), "part two ▌");
        adapter.edit(second, "part two");
        assertThat(discord.interactionResponse(interaction)).contains("part one");
        assertThat(discord.interactionFollowUps(interaction)).containsExactly("part two");
        assertThat(discord.calls("POST", "interactions/" + interaction + "/.*")
                        .getFirst()
                        .body()
                        .path("type")
                        .asInt())
                .isEqualTo(5);
        String token = discord.calls("POST", "interactions/" + interaction + "/.*")
                .getFirst()
                .path()
                .split("/")[2];
        List<RestCall> hookCalls = discord.calls().stream()
                .filter(c -> c.path().contains(token))
                .filter(c -> c.path().startsWith("webhooks/"))
                .toList();
        assertThat(hookCalls).hasSize(4).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(200);
            assertThat(c.body().path("allowed_mentions").path("parse").isEmpty())
                    .isTrue();
        });
    }

    @Test
    void anInjected429IsRetriedByJda() {
        discord.post(discord.alice(), discord.general(), discord.bot().mention() + " ping");
        await().until(() -> sink.accepted.size() == 1);
        MessageRef sent = adapter.send(sink.last().replyTarget(), "first");
        int before = discord.rateLimitsServed();
        long counted = metrics.count("rateLimited");
        long edits = metrics.count("write.edit");
        discord.injectRateLimit("PATCH", "channels/\\d+/messages/" + sent.messageId(), 1);
        adapter.edit(sent, "final text");
        assertThat(discord.rateLimitsServed()).isEqualTo(before + 1);
        assertThat(metrics.count("rateLimited")).isEqualTo(counted + 1);
        // the core counts the writes it asks for; the adapter must not count them twice
        assertThat(metrics.count("write.edit")).isEqualTo(edits);
        assertThat(discord.text(sent.messageId())).contains("final text");
    }

    @Test
    void editingAMessageThatIsGoneIsReportedAsThatMessageGone() {
        // the channel is still writable: the core goes on in a new message
        assertThatThrownBy(() -> adapter.edit(new MessageRef(discord.general(), "123456789012345678"), "x"))
                .isInstanceOfSatisfying(
                        PlatformException.class,
                        e -> assertThat(e.kind()).isEqualTo(PlatformException.Kind.MESSAGE_GONE));
    }

    @Test
    void aResumeReplaysTheSameMessageIds() {
        long before = discord.lastSeq();
        String question =
                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " once");
        await().until(() -> sink.accepted.size() == 1);
        int resumes = discord.resumes();
        discord.reconnectReplayingAfter(before);
        await().until(() -> discord.resumes() == resumes + 1 && sink.accepted.size() == 2);
        assertThat(sink.accepted).extracting(InboundMessage::platformMessageId).containsExactly(question, question);
        await().until(adapter::connected);
    }

    @Test
    void slashCommandsWorkInDmsToo() {
        String dm = discord.dmChannel(discord.alice());
        String help = discord.slash(discord.alice(), dm, "help", Map.of());
        await().until(() -> discord.interactionResponse(help).isPresent());
        assertThat(discord.interactionResponse(help)).contains("**helper** answers questions. Mention me or use /ask.");
        assertThat(discord.interactionEphemeral(help)).isTrue();

        String ask = discord.slash(discord.alice(), dm, "ask", Map.of("prompt", "private question"));
        await().until(() -> sink.accepted.size() == 1);
        InboundMessage in = sink.last();
        assertThat(in.key().scope()).isEqualTo(dm);
        assertThat(in.replyTarget().privateChat()).isTrue();
        assertThat(in.multiUser()).isFalse();
        adapter.send(in.replyTarget(), "private answer");
        assertThat(discord.interactionResponse(ask)).contains("private answer");
    }

    @Test
    void askIsRefusedPrivatelyWhenTheAccessListsSayNo() {
        sink.allowNobody = true;
        String ask = discord.slash(discord.bob(), discord.general(), "ask", Map.of("prompt", "let me in"));
        await().until(() -> discord.interactionResponse(ask).isPresent());
        assertThat(discord.interactionResponse(ask)).contains(Sentences.en(Text.NOTICE_NOT_ALLOWED));
        assertThat(discord.interactionEphemeral(ask)).isTrue();
        assertThat(sink.accepted).isEmpty();
    }

    @Test
    void askInAThreadBelongsToTheThread() {
        String thread = discord.openThread(discord.random(), "ask here", discord.alice());
        String ask = discord.slash(discord.alice(), thread, "ask", Map.of("prompt", "thread question"));
        await().until(() -> sink.accepted.size() == 1);
        InboundMessage in = sink.last();
        assertThat(in.key().scope()).isEqualTo(thread);
        assertThat(in.places()).containsExactly(thread, discord.random(), discord.guildId());
        adapter.send(in.replyTarget(), "thread reply");
        assertThat(discord.interactionResponse(ask)).contains("thread reply");
    }

    @Test
    void anAskTheCoreDeniesDoesNotKeepThinking() {
        sink.acceptance = dev.cozebridge.platform.InboundSink.Acceptance.DENIED;
        String ask = discord.slash(discord.bob(), discord.general(), "ask", Map.of("prompt", "denied late"));
        await().until(() ->
                discord.interactionResponse(ask).filter(t -> !t.isEmpty()).isPresent());
        assertThat(discord.interactionResponse(ask)).contains(Sentences.en(Text.NOTICE_NOT_ALLOWED));
    }

    @Test
    void aBurstOfEditsIsPacedByTheBucketsWithoutA429() {
        discord.post(discord.alice(), discord.general(), discord.bot().mention() + " count");
        await().until(() -> sink.accepted.size() == 1);
        int before = discord.rateLimitsServed();
        MessageRef sent = adapter.send(sink.last().replyTarget(), "0");
        for (int i = 1; i <= 12; i++) {
            adapter.edit(sent, Integer.toString(i));
        }
        assertThat(discord.text(sent.messageId())).contains("12");
        assertThat(discord.rateLimitsServed()).isEqualTo(before);
    }

    @Test
    void aBareMentionIsHandedToTheCoreWhichOwnsTheEmptyQuestionRule() {
        String question =
                discord.post(discord.bob(), discord.random(), discord.bot().mention());
        await().until(() -> sink.accepted.size() == 1);
        assertThat(sink.accepted.getFirst().platformMessageId()).isEqualTo(question);
        assertThat(sink.accepted.getFirst().text()).isEmpty();
        assertThat(discord.botMessages(discord.random())).isEmpty();
    }
}
