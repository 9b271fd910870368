package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.CapturedLogs;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakePermission;
import dev.cozebridge.fakes.discord.FakeUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channels where the bot may not write (media-and-interactions §3.7), end to end: the real JDA against the fake
 * Discord refusing with Discord's error bodies, the core on H2, the Coze client against the fake Coze. A refusal
 * is logged once per channel naming the permission, never retried, and the asker is told in a DM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordPermissionsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Longer than the core's retry delay (1 s) and channel interval: a retry would show within it. */
    private static final Duration QUIET = Duration.ofMillis(2_500);

    @TempDir
    static Path dir;

    private DiscordBridge bridge;
    private FakeDiscord discord;
    private FakeCoze coze;
    private CapturedLogs logs;

    @BeforeAll
    void start() {
        bridge = DiscordBridge.in(dir.resolve("db"))
                // a refused reply may end before its Coze run starts: its questions take no script from the queue
                .coze(coze -> coze.defaultScript(chat -> Script.answer("an answer nobody sees")))
                .suggestions()
                .withoutRecovery()
                .start();
        discord = bridge.discord;
        coze = bridge.coze;
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.start();
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    @Test
    void discordRefusingSendMessagesIsLoggedOnceNotRetriedAndTheAskerIsToldInADm() {
        String channel = discord.addChannel("announcements");
        // Discord refuses before the bot's cache heard of the change: only the REST answer (403, 50013) tells
        discord.denyBotQuietly(channel, FakePermission.SEND_MESSAGES);
        int dms = dmsTo(discord.alice()).size();

        askThrice(discord.alice(), channel);

        await().atMost(WAIT).until(() -> dmsTo(discord.alice()).size() == dms + 3);
        holdsAtMostOneAttemptPerQuestion(channel, 3, 403);
        assertThat(discord.calls("POST", "channels/" + channel + "/messages"))
                .allSatisfy(call -> assertThat(call.status()).isEqualTo(403));
        assertThat(warnings())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("\"Send Messages\"")
                        .contains("#announcements")
                        .contains(channel));
        assertThat(dmsTo(discord.alice()).subList(dms, dms + 3))
                .containsOnly(Sentences.en(Text.NOTICE_MISSING_PERMISSION, "<#" + channel + ">", "Send Messages"));
        assertThat(discord.botMessages(channel)).isEmpty();
    }

    @Test
    void aPermissionTheCacheKnowsIsMissingStopsTheWriteBeforeAnyRequest() {
        String channel = discord.addChannel("read-only");
        // CHANNEL_UPDATE reaches JDA, whose own check then throws synchronously from sendMessage
        discord.denyBot(channel, FakePermission.SEND_MESSAGES);
        int dms = dmsTo(discord.bob()).size();

        for (int i = 1; i <= 2; i++) {
            discord.post(discord.bob(), channel, discord.bot().mention() + " question " + i);
        }

        await().atMost(WAIT).until(() -> dmsTo(discord.bob()).size() == dms + 2);
        holdsAtMostOneAttemptPerQuestion(channel, 0, 0);
        assertThat(warnings())
                .singleElement()
                .satisfies(
                        line -> assertThat(line).contains("\"Send Messages\"").contains(channel));
        assertThat(dmsTo(discord.bob()).getLast())
                .isEqualTo(Sentences.en(Text.NOTICE_MISSING_PERMISSION, "<#" + channel + ">", "Send Messages"));
    }

    @Test
    void missingAccessNamesViewChannels() {
        String channel = discord.addChannel("hidden");
        discord.denyBotQuietly(channel, FakePermission.VIEW_CHANNEL);
        int dms = dmsTo(discord.alice()).size();

        askThrice(discord.alice(), channel);

        await().atMost(WAIT).until(() -> dmsTo(discord.alice()).size() == dms + 3);
        holdsAtMostOneAttemptPerQuestion(channel, 3, 403);
        assertThat(warnings())
                .singleElement()
                .satisfies(
                        line -> assertThat(line).contains("\"View Channels\"").contains(channel));
        assertThat(dmsTo(discord.alice()).getLast())
                .isEqualTo(Sentences.en(Text.NOTICE_MISSING_PERMISSION, "<#" + channel + ">", "View Channels"));
    }

    @Test
    void aLockedThreadIsLoggedOnceNotRetriedAndTheAskerIsToldInADm() {
        String channel = discord.addChannel("support");
        // in a locked thread only members with Manage Threads may post
        discord.denyBot(channel, FakePermission.MANAGE_THREADS);
        String thread = discord.openThread(channel, "closed topic", discord.bob());
        discord.lockThread(thread);
        int dms = dmsTo(discord.bob()).size();

        askThrice(discord.bob(), thread);

        await().atMost(WAIT).until(() -> dmsTo(discord.bob()).size() == dms + 3);
        holdsAtMostOneAttemptPerQuestion(thread, 3, 400);
        assertThat(warnings())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("locked")
                        .contains("\"Manage Threads\"")
                        .contains(thread));
        assertThat(dmsTo(discord.bob()).getLast())
                .isEqualTo(Sentences.en(Text.NOTICE_MISSING_PERMISSION, "<#" + thread + ">", "Manage Threads"));
    }

    @Test
    void withoutReadMessageHistoryTheAnswerIsPostedWithoutTheQuote() {
        String channel = discord.addChannel("no-history");
        discord.denyBotQuietly(channel, FakePermission.READ_MESSAGE_HISTORY);
        int dms = dmsTo(discord.alice()).size();

        coze.enqueue(Script.answer("first answer"));
        discord.post(discord.alice(), channel, discord.bot().mention() + " first");
        await().atMost(WAIT).until(() -> bridge.texts(channel).stream().anyMatch(t -> t.startsWith("first answer")));
        coze.enqueue(Script.answer("second answer"));
        discord.post(discord.alice(), channel, discord.bot().mention() + " second");
        await().atMost(WAIT).until(() -> bridge.texts(channel).stream().anyMatch(t -> t.startsWith("second answer")));

        assertThat(discord.botMessages(channel))
                .allSatisfy(id -> assertThat(discord.repliesTo(id)).isEmpty());
        assertThat(discord.calls("POST", "channels/" + channel + "/messages").stream()
                        .filter(call -> call.status() == 400))
                .as("160002 answers, one per answer: each was sent again without the quote")
                .hasSize(2);
        assertThat(warnings())
                .singleElement()
                .satisfies(line ->
                        assertThat(line).contains("\"Read Message History\"").contains(channel));
        assertThat(dmsTo(discord.alice())).hasSize(dms);
    }

    @Test
    void aQuestionAskedWithAButtonIsExplainedOnlyToWhoPressedIt() {
        String channel = discord.addChannel("faq");
        coze.enqueue(Script.answer("Refunds take 5 days.").followUps("How do I return?"));
        discord.post(discord.alice(), channel, discord.bot().mention() + " refunds?");
        await().atMost(WAIT)
                .until(() -> discord.botMessages(channel).size() == 1
                        && discord.buttons(discord.botMessages(channel).getFirst()).stream()
                                .anyMatch(id -> id.startsWith("fu:")));
        String reply = discord.botMessages(channel).getFirst();
        discord.denyBotQuietly(channel, FakePermission.SEND_MESSAGES);
        int dms = dmsTo(discord.bob()).size();

        String press =
                discord.press(discord.bob(), reply, discord.buttons(reply).getFirst());

        String notice = Sentences.en(Text.NOTICE_MISSING_PERMISSION, "<#" + channel + ">", "Send Messages");
        await().atMost(WAIT).until(() -> discord.interactionFollowUps(press).contains(notice));
        assertThat(discord.calls("POST", "webhooks/\\d+/" + discord.interactionToken(press)))
                .singleElement()
                .satisfies(call -> assertThat(call.body().path("flags").asInt() & 64)
                        .as("ephemeral")
                        .isEqualTo(64));
        assertThat(warnings())
                .singleElement()
                .satisfies(line -> assertThat(line).contains(channel));
        assertThat(dmsTo(discord.bob())).hasSize(dms);
    }

    private void askThrice(FakeUser asker, String channel) {
        for (int i = 1; i <= 3; i++) {
            discord.post(asker, channel, discord.bot().mention() + " question " + i);
        }
    }

    /**
     * Once every Coze run is over, the channel saw {@code attempts} message writes, each refused with
     * {@code status}, and no more come: the core does not retry a refusal.
     */
    private void holdsAtMostOneAttemptPerQuestion(String channel, int attempts, int status) {
        String messages = "channels/" + channel + "/messages(/\\d+)?";
        await().atMost(WAIT)
                .during(QUIET)
                .until(() -> discord.calls("POST", messages).size()
                                + discord.calls("PATCH", messages).size()
                        == attempts);
        assertThat(discord.calls("POST", messages))
                .allSatisfy(call -> assertThat(call.status()).isEqualTo(status));
    }

    private List<String> warnings() {
        return logs.from("dev.cozebridge", "net.dv8tion").stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private List<String> dmsTo(FakeUser user) {
        return bridge.texts(discord.dmChannel(user));
    }
}
