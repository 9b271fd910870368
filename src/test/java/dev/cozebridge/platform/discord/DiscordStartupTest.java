package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.fakes.CapturedLogs;
import dev.cozebridge.fakes.HangUpServer;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakeDiscordSettings;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.platform.StartupBackoff;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DiscordStartupTest {

    @Test
    void aBadTokenFailsStartWithoutRevealingIt() {
        try (FakeDiscord discord = FakeDiscord.start()) {
            DiscordAdapter adapter = new DiscordAdapter(
                    DiscordTestBots.bot(discord, "wrong-secret-token", false), Clock.systemUTC(), BridgeMetrics.NOOP);
            assertThatThrownBy(() -> adapter.start(new RecordingSink()))
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining("rejected the token of bot helper")
                    .hasMessageNotContaining("wrong-secret-token");
            assertThat(adapter.connected()).isFalse();
            // the shard manager's first call asks how many shards to run, and the 401 ends the start there
            assertThat(discord.calls())
                    .singleElement()
                    .satisfies(c -> assertThat(c.is("GET", "gateway/bot")).isTrue())
                    .satisfies(c -> assertThat(c.status()).isEqualTo(401));
            adapter.stop();
        }
    }

    private static final StartupBackoff FAST =
            new StartupBackoff(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(2));

    @Test
    void anUnreachableGatewayIsRetriedWithBackoffOneLineEachAndFailsAtTheReadyTimeout() {
        try (FakeDiscord discord = FakeDiscord.start();
                HangUpServer gateway = HangUpServer.start();
                CapturedLogs logs = CapturedLogs.start()) {
            String gatewayUrl = "ws://127.0.0.1:" + gateway.port() + "/";
            DiscordAdapter adapter = new DiscordAdapter(
                    withUrls(DiscordTestBots.bot(discord, false), discord.apiUrl(), gatewayUrl),
                    Clock.systemUTC(),
                    BridgeMetrics.NOOP,
                    FAST);
            long started = System.nanoTime();
            assertThatThrownBy(() -> adapter.start(new RecordingSink()))
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining("did not become ready within 2 s")
                    .hasMessageContaining(gatewayUrl)
                    .hasMessageContaining("attempt(s), last:");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(adapter.connected()).isFalse();

            // 2 s with delays of 0.1, 0.2, 0.4, 0.4 ... s: a handful of attempts, not a tight loop
            int attempts = gateway.accepted();
            assertThat(attempts).isBetween(2, 12);
            List<ILoggingEvent> lines = logs.from("net.dv8tion", "dev.cozebridge.platform.discord");
            assertThat(lines)
                    .allSatisfy(e -> assertThat(e.getThrowableProxy())
                            .as("stack trace in: %s", e.getFormattedMessage())
                            .isNull());
            assertThat(lines).hasSizeLessThanOrEqualTo(attempts);
            assertThat(lines)
                    .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(discord.token()));
        }
    }

    @Test
    void anUnreachableApiIsRetriedTheSameWay() {
        try (HangUpServer api = HangUpServer.start();
                FakeDiscord discord = FakeDiscord.start();
                CapturedLogs logs = CapturedLogs.start()) {
            String apiUrl = "http://127.0.0.1:" + api.port() + "/api/v10/";
            DiscordAdapter adapter = new DiscordAdapter(
                    withUrls(DiscordTestBots.bot(discord, false), apiUrl, discord.gatewayUrl()),
                    Clock.systemUTC(),
                    BridgeMetrics.NOOP,
                    FAST);
            long started = System.nanoTime();
            assertThatThrownBy(() -> adapter.start(new RecordingSink()))
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining("could not be reached at " + apiUrl)
                    .hasMessageContaining("within 2 s")
                    .hasMessageContaining("attempt(s)");
            // it kept trying for the whole ready timeout it names, not only until the next doubling overshot it
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(FAST.readyTimeout());
            List<ILoggingEvent> lines = logs.from("net.dv8tion", "dev.cozebridge.platform.discord");
            assertThat(lines).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
            assertThat(lines).hasSizeBetween(1, api.accepted());
        }
    }

    @Test
    void stopFromAnotherThreadEndsAStartInProgressAtOnce() throws Exception {
        try (FakeDiscord discord = FakeDiscord.start();
                HangUpServer gateway = HangUpServer.start()) {
            DiscordAdapter adapter = new DiscordAdapter(
                    withUrls(DiscordTestBots.bot(discord, false), discord.apiUrl(), "ws://127.0.0.1:" + gateway.port()),
                    Clock.systemUTC(),
                    BridgeMetrics.NOOP,
                    StartupBackoff.DEFAULT);
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    adapter.start(new RecordingSink());
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            await().until(() -> gateway.accepted() >= 1);
            long stopping = System.nanoTime();
            adapter.stop();
            assertThat(failure.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining("cancelled");
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(1));
        }
    }

    private static BotSettings withUrls(BotSettings good, String apiUrl, String gatewayUrl) {
        return TestSettings.bot(good)
                .discord(new BotSettings.DiscordSettings(good.discord().token(), apiUrl, gatewayUrl, false, null))
                .build();
    }

    @Test
    void withoutTheMessageContentIntentItWarnsWhereToTurnItOnAndStillAnswersMentions() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger connectionLog = (Logger) LoggerFactory.getLogger(DiscordConnection.class);
        Logger inboundLog = (Logger) LoggerFactory.getLogger(DiscordInbound.class);
        connectionLog.addAppender(logs);
        inboundLog.addAppender(logs);
        RecordingSink sink = new RecordingSink();
        try (FakeDiscord discord =
                FakeDiscord.start(FakeDiscordSettings.defaults().withPrivilegedIntentsAllowed(false))) {
            DiscordAdapter adapter =
                    new DiscordAdapter(DiscordTestBots.bot(discord, false), Clock.systemUTC(), BridgeMetrics.NOOP);
            adapter.start(sink);
            try {
                assertThat(adapter.connected()).isTrue();
                assertThat(discord.identifiedIntents())
                        .containsExactly(1 | 1 << 9 | 1 << 12 | 1 << 15, 1 | 1 << 9 | 1 << 12);
                assertThat(logs.list)
                        .anySatisfy(e -> assertThat(e.getFormattedMessage())
                                .contains("4014")
                                .contains("Developer Portal → your application → Bot → Privileged Gateway Intents → "
                                        + "Message Content"));

                discord.post(discord.alice(), discord.general(), discord.bot().mention() + " still there?");
                await().until(() -> sink.accepted.size() == 1);
                assertThat(sink.last().text()).isEqualTo("still there?");

                MessageRef answer = adapter.send(sink.last().replyTarget(), "yes");
                discord.reply(discord.alice(), discord.general(), answer.messageId(), "good", false);
                await().until(() ->
                        logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("without its text")));
                assertThat(sink.accepted).hasSize(1);
            } finally {
                adapter.stop();
                connectionLog.detachAppender(logs);
                inboundLog.detachAppender(logs);
            }
        }
    }

    @Test
    void aDmReplyLeftByAnEarlierProcessCanStillBeEdited() {
        try (FakeDiscord discord = FakeDiscord.start()) {
            RecordingSink sink = new RecordingSink();
            DiscordAdapter first =
                    new DiscordAdapter(DiscordTestBots.bot(discord, false), Clock.systemUTC(), BridgeMetrics.NOOP);
            first.start(sink);
            discord.dm(discord.alice(), "hello");
            await().until(() -> sink.accepted.size() == 1);
            MessageRef reply = first.send(sink.last().replyTarget(), "half an answer ▌");
            first.edit(reply, "half an answer, growing ▌");
            first.stop();
            // the process that saw the DM edits through its cache
            assertThat(discord.calls("POST", "users/@me/channels")).isEmpty();

            // the next process has never seen this DM channel
            DiscordAdapter second =
                    new DiscordAdapter(DiscordTestBots.bot(discord, false), Clock.systemUTC(), BridgeMetrics.NOOP);
            second.start(new RecordingSink());
            try {
                second.edit(reply, "half an answer\n\n*The answer was interrupted.*");
                assertThat(discord.text(reply.messageId())).contains("half an answer\n\n*The answer was interrupted.*");
                // through JDA's public API: the DM is opened again from the recipient, then edited
                assertThat(discord.calls("POST", "users/@me/channels"))
                        .singleElement()
                        .satisfies(c -> assertThat(c.body().path("recipient_id").asText())
                                .isEqualTo(discord.alice().id()));
                assertThat(discord.calls("PATCH", "channels/\\d+/messages/" + reply.messageId())
                                .getLast()
                                .body()
                                .path("allowed_mentions")
                                .path("parse")
                                .isEmpty())
                        .isTrue();
            } finally {
                second.stop();
            }
        }
    }
}
