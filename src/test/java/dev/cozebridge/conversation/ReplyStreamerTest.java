package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.ManualClock;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.fakes.RecordingPlatform.Call;
import dev.cozebridge.fakes.RecordingPlatform.Kind;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.platform.PlatformLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The streamer on its own, fed agent events directly, against the recording platform. */
class ReplyStreamerTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final ReplyTarget CHANNEL = ReplyTarget.channel("c1");

    private RecordingPlatform platform(
            int maxLength, Duration replyInterval, Duration channelInterval, Duration typing) {
        return new RecordingPlatform(
                "bot", "test", new PlatformLimits(maxLength, replyInterval, channelInterval, typing), CLOCK);
    }

    private record Running(ReplyStreamer streamer, CompletableFuture<ReplyStreamer.Result> result) {
        void feed(AgentEvent... events) {
            for (AgentEvent e : events) {
                streamer.accept(e);
            }
        }

        ReplyStreamer.Result await() throws Exception {
            return result.get(20, TimeUnit.SECONDS);
        }
    }

    private Running start(RecordingPlatform platform, ReplyTarget target, ChannelPacer pacer) {
        return start(platform, target, pacer, CLOCK, Sleeper.SYSTEM);
    }

    private Running start(
            RecordingPlatform platform, ReplyTarget target, ChannelPacer pacer, Clock clock, Sleeper sleeper) {
        ReplyStreamer streamer = new ReplyStreamer(
                platform,
                target,
                pacer,
                clock,
                sleeper,
                BridgeMetrics.NOOP,
                ReplyStreamer.Progress.NONE,
                Catalog.of(BotLocale.EN),
                7,
                "test reply");
        CompletableFuture<ReplyStreamer.Result> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(streamer.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return new Running(streamer, result);
    }

    private Running start(RecordingPlatform platform) {
        return start(
                platform, CHANNEL, new ChannelPacer(platform.limits().minChannelInterval(), CLOCK, Sleeper.SYSTEM));
    }

    private static AgentEvent delta(String text) {
        return new AgentEvent.TextDelta("m1", text);
    }

    @Test
    void firstDeltaGoesOutAtOnceThenEditsCoalesceAtTheInterval() throws Exception {
        // a stepped clock: the streamer waits out its interval until the test moves time, so every delta below
        // arrives within one interval however slow the machine is
        ManualClock clock = new ManualClock(Instant.parse("2026-11-21T06:00:00Z"));
        Duration interval = Duration.ofMillis(150);
        RecordingPlatform platform =
                new RecordingPlatform("bot", "test", new PlatformLimits(2000, interval, Duration.ZERO, null), clock);
        Running reply =
                start(platform, CHANNEL, new ChannelPacer(Duration.ZERO, clock, clock::sleep), clock, clock::sleep);
        reply.feed(delta("Hello"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !platform.writes().isEmpty());
        // a new message goes out without the marker until its id is recorded
        assertThat(platform.writes().getFirst().text()).isEqualTo("Hello");
        StringBuilder full = new StringBuilder("Hello");
        reply.feed(delta(" w0"));
        full.append(" w0");
        await().atMost(Duration.ofSeconds(5)).until(() -> clock.sleepers() == 1);
        for (int i = 1; i < 100; i++) {
            reply.feed(delta(" w" + i));
            full.append(" w").append(i);
        }
        reply.feed(new AgentEvent.Finished());
        clock.advance(interval);
        ReplyStreamer.Result result = reply.await();

        // 101 deltas, two writes: the first at once, then one with everything that came during the interval
        List<Call> writes = platform.writes();
        assertThat(writes).extracting(Call::text).containsExactly("Hello", full.toString());
        assertSpaced(writes, interval);
        assertThat(result.status()).isEqualTo(TurnStatus.COMPLETE);
        assertThat(result.text()).isEqualTo(full.toString());
        assertThat(platform.messages("c1")).containsExactly(full.toString());
    }

    @Test
    void finalEditRemovesMarkerAndListsDeduplicatedSources() throws Exception {
        RecordingPlatform platform = platform(2000, Duration.ZERO, Duration.ZERO, null);
        Running reply = start(platform);
        reply.feed(
                delta("Answer."),
                new AgentEvent.KnowledgeRecalled(List.of(
                        new Citation("d1", "Guide", "https://example.com/guide", 0.9),
                        new Citation("d2", "FAQ", null, 0.8),
                        new Citation("d1", "Guide again", "https://example.com/guide", 0.7))),
                new AgentEvent.Finished());
        reply.await();
        assertThat(platform.messages("c1"))
                .containsExactly("Answer.\n\nSources:\n1. [Guide](https://example.com/guide)\n2. FAQ");
    }

    @Test
    void theFinalTextGoesOutWhenTheAnswerIsCompleteNotWhenTheChatEnds() throws Exception {
        RecordingPlatform platform = platform(2000, Duration.ZERO, Duration.ZERO, null);
        Running reply = start(platform);
        reply.feed(
                new AgentEvent.KnowledgeRecalled(List.of(new Citation("d1", "Guide", "https://example.com/g", 0.9))),
                delta("Answer"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !platform.writes().isEmpty());
        reply.feed(delta(" text"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> platform.messages("c1").equals(List.of("Answer text ▌")));
        String last = "Answer text.\n\nSources:\n1. [Guide](https://example.com/g)";
        reply.feed(new AgentEvent.AnswerCompleted("m1", "Answer text."));
        // Coze still has suggestions and usage to send; the message is final already: no marker, footnotes
        await().atMost(Duration.ofSeconds(5))
                .until(() -> platform.messages("c1").equals(List.of(last)));
        assertThat(reply.result().isDone()).isFalse();
        int writes = platform.writes().size();
        reply.feed(
                new AgentEvent.FollowUp("And then?"),
                new AgentEvent.Usage(new TokenUsage(10, 5, 15)),
                new AgentEvent.Finished());
        ReplyStreamer.Result result = reply.await();
        // nothing the end brought changes this message (no buttons here), so it is not written again
        assertThat(platform.writes()).hasSize(writes);
        assertThat(result.status()).isEqualTo(TurnStatus.COMPLETE);
        assertThat(result.followUps()).containsExactly("And then?");
        assertThat(result.usage()).isEqualTo(new TokenUsage(10, 5, 15));
    }

    @Test
    void underAGroupsPacingTheFinalTextFollowsTheAnswersCompletionWithinOneInterval() throws Exception {
        // a Telegram group's 20 writes a minute, spread out: one write every 3 s, on a stepped clock
        ManualClock clock = new ManualClock(Instant.parse("2026-12-03T13:00:00Z"));
        Duration interval = Duration.ofSeconds(3);
        RecordingPlatform platform =
                new RecordingPlatform("bot", "test", new PlatformLimits(4096, interval, interval, null), clock);
        Running reply = start(platform, CHANNEL, new ChannelPacer(interval, clock, clock::sleep), clock, clock::sleep);
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            String word = "word" + i + " ";
            full.append(word);
            reply.feed(delta(word));
            int writes = i + 1;
            if (i > 0) {
                await().atMost(Duration.ofSeconds(5)).until(() -> clock.sleepers() >= 1);
                clock.advance(interval);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> platform.writes().size() == writes);
        }
        reply.feed(delta("last."));
        await().atMost(Duration.ofSeconds(5)).until(() -> clock.sleepers() >= 1);
        // the answer completes while the reply waits for its next slot
        Instant completed = clock.instant();
        String answer = full + "last.";
        reply.feed(new AgentEvent.AnswerCompleted("m1", answer));
        clock.advance(interval);

        await().atMost(Duration.ofSeconds(5)).until(() -> platform.writes().size() == 6);
        Call last = platform.writes().getLast();
        assertThat(last.text()).isEqualTo(answer);
        assertThat(last.at()).isBeforeOrEqualTo(completed.plus(interval));
        assertThat(reply.result().isDone()).as("Coze has not ended the chat").isFalse();
        reply.feed(new AgentEvent.FollowUp("More?"), new AgentEvent.Finished());
        reply.await();
        assertThat(platform.writes()).hasSize(6);
        assertSpaced(platform.writes(), interval);
    }

    @Test
    void anAnswerShownAsFinalStreamsAgainWhenCozeGoesOn() throws Exception {
        RecordingPlatform platform = platform(2000, Duration.ZERO, Duration.ZERO, null);
        Running reply = start(platform);
        reply.feed(delta("First."), new AgentEvent.AnswerCompleted("m1", "First."));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> platform.messages("c1").equals(List.of("First.")));
        reply.feed(new AgentEvent.TextDelta("m2", "Second"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> platform.messages("c1").equals(List.of("First.\n\nSecond ▌")));
        reply.feed(new AgentEvent.AnswerCompleted("m2", "Second."));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> platform.messages("c1").equals(List.of("First.\n\nSecond.")));
        AgentFailure late = new AgentFailure(FailureKind.STREAM_CUT, 0, "eof", "log-2");
        reply.feed(new AgentEvent.Failed(late));
        ReplyStreamer.Result result = reply.await();
        // a failure after the text was complete still gets its notice, in one more edit
        assertThat(platform.messages("c1"))
                .containsExactly("First.\n\nSecond.\n\n_" + Sentences.failure(FailureKind.STREAM_CUT) + "_");
        assertThat(result.status()).isEqualTo(TurnStatus.PARTIAL);
    }

    @Test
    void footnotesThatDoNotFitTheLastMessageGetTheirOwn() throws Exception {
        RecordingPlatform platform = platform(120, Duration.ZERO, Duration.ZERO, null);
        Running reply = start(platform);
        String answer = "a".repeat(50) + " " + "b".repeat(50);
        reply.feed(
                delta(answer),
                new AgentEvent.KnowledgeRecalled(List.of(
                        new Citation("d1", "A rather long source title", "https://example.com/one", 0.9),
                        new Citation("d2", "Another source", "https://example.com/two", 0.8))),
                new AgentEvent.Finished());
        reply.await();
        assertThat(platform.messages("c1"))
                .containsExactly(
                        answer,
                        "Sources:\n1. [A rather long source title](https://example.com/one)\n"
                                + "2. [Another source](https://example.com/two)");
    }

    @Test
    void theCompletedAnswerReplacesWhatTheDeltasBuilt() throws Exception {
        RecordingPlatform platform = platform(2000, Duration.ZERO, Duration.ZERO, null);
        Running reply = start(platform);
        reply.feed(delta("Helo wrld"), new AgentEvent.AnswerCompleted("m1", "Hello world"), new AgentEvent.Finished());
        ReplyStreamer.Result result = reply.await();
        assertThat(platform.messages("c1")).containsExactly("Hello world");
        assertThat(result.text()).isEqualTo("Hello world");
    }

    @Test
    void midStreamFailureKeepsTextAndAddsOneNotice() throws Exception {
        RecordingPlatform platform = platform(2000, Duration.ZERO, Duration.ZERO, null);
        Running reply = start(platform);
        AgentFailure cut = new AgentFailure(FailureKind.STREAM_CUT, 0, "eof", "log-1");
        reply.feed(delta("Half an ans"), new AgentEvent.Failed(cut));
        ReplyStreamer.Result result = reply.await();
        assertThat(platform.messages("c1"))
                .containsExactly("Half an ans\n\n_" + Sentences.failure(FailureKind.STREAM_CUT) + "_");
        assertThat(result.status()).isEqualTo(TurnStatus.PARTIAL);
        assertThat(result.failure()).isEqualTo(cut);
    }

    @Test
    void failureBeforeAnyTextSendsOnlyTheNotice() throws Exception {
        RecordingPlatform platform = platform(2000, Duration.ZERO, Duration.ZERO, Duration.ofMillis(40));
        Running reply = start(platform);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> platform.calls().stream()
                                .filter(c -> c.kind() == Kind.TYPING)
                                .count()
                        >= 2);
        reply.feed(new AgentEvent.Failed(new AgentFailure(FailureKind.BOT_NOT_FOUND, 4200, "no bot", null)));
        ReplyStreamer.Result result = reply.await();
        assertThat(platform.messages("c1")).containsExactly("_" + Sentences.failure(FailureKind.BOT_NOT_FOUND) + "_");
        assertThat(result.status()).isEqualTo(TurnStatus.FAILED);
    }

    @Test
    void rateLimitedWritesAreWaitedOutAndTheFinalTextArrives() throws Exception {
        RecordingPlatform platform = platform(2000, Duration.ZERO, Duration.ZERO, null);
        Duration retryAfter = Duration.ofMillis(200);
        platform.rateLimitNext(2, retryAfter);
        Running reply = start(platform);
        reply.feed(delta("one"), delta(" two"), new AgentEvent.Finished());
        reply.await();
        List<Call> calls = platform.attempts();
        assertThat(calls).hasSize(3).filteredOn(Call::rejected).hasSize(2);
        assertSpaced(calls, retryAfter);
        assertThat(platform.messages("c1")).containsExactly("one two");
    }

    @Test
    void goneStopsWritingButTheReplyStillEnds() throws Exception {
        RecordingPlatform platform = platform(2000, Duration.ZERO, Duration.ZERO, null);
        platform.goneNext(1);
        Running reply = start(platform);
        reply.feed(delta("text"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !platform.attempts().isEmpty());
        reply.feed(delta(" more"), new AgentEvent.Finished());
        ReplyStreamer.Result result = reply.await();
        assertThat(result.gone()).isTrue();
        assertThat(result.text()).isEqualTo("text more");
        assertThat(platform.attempts()).hasSize(1);
    }

    @Test
    void longAnswerContinuesInNewMessagesWhileStreaming() throws Exception {
        RecordingPlatform platform = platform(200, Duration.ZERO, Duration.ZERO, null);
        Running reply = start(platform);
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            String word = "word" + i + (i % 15 == 14 ? "\n\n" : " ");
            full.append(word);
            reply.feed(delta(word));
        }
        reply.feed(new AgentEvent.Finished());
        ReplyStreamer.Result result = reply.await();
        List<String> messages = platform.messages("c1");
        assertThat(messages.size()).isGreaterThan(3);
        assertThat(messages)
                .allSatisfy(m -> assertThat(m).hasSizeLessThanOrEqualTo(200).doesNotContain("▌"));
        assertThat(String.join(" ", messages).split("\\s+"))
                .containsExactly(full.toString().strip().split("\\s+"));
        assertThat(result.messages()).hasSameSizeAs(messages);
    }

    @Test
    void draftsCarryTheLivePreviewAndTheFinalTextIsSentOnce() throws Exception {
        RecordingPlatform platform = platform(2000, Duration.ZERO, Duration.ZERO, null);
        platform.enableDrafts(true);
        Running reply = start(
                platform,
                new ReplyTarget("p1", null, null, null, true),
                new ChannelPacer(Duration.ZERO, CLOCK, Sleeper.SYSTEM));
        reply.feed(delta("Hi"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !platform.writes().isEmpty());
        reply.feed(delta(" there"), new AgentEvent.Finished());
        reply.await();
        List<Call> writes = platform.writes();
        assertThat(writes.getFirst().kind()).isEqualTo(Kind.DRAFT);
        assertThat(writes).filteredOn(c -> c.kind() == Kind.EDIT).isEmpty();
        assertThat(writes)
                .filteredOn(c -> c.kind() == Kind.SEND)
                .extracting(Call::text)
                .containsExactly("Hi there");
    }

    @Test
    void repliesInOneChannelShareItsInterval() throws Exception {
        Duration channelInterval = Duration.ofMillis(120);
        RecordingPlatform platform = platform(2000, Duration.ZERO, channelInterval, null);
        ChannelPacer pacer = new ChannelPacer(channelInterval, CLOCK, Sleeper.SYSTEM);
        Running a = start(platform, CHANNEL, pacer);
        Running b = start(platform, CHANNEL, pacer);
        for (int i = 0; i < 5; i++) {
            a.feed(delta("a" + i));
            b.feed(delta("b" + i));
            int n = i;
            await().atMost(Duration.ofSeconds(5)).until(() -> platform.writes().size() >= n);
        }
        a.feed(new AgentEvent.Finished());
        b.feed(new AgentEvent.Finished());
        a.await();
        b.await();
        assertSpaced(platform.writes("c1"), channelInterval);
        assertThat(platform.messages("c1")).containsExactlyInAnyOrder("a0a1a2a3a4", "b0b1b2b3b4");
    }

    @Test
    void anUnchangedTextIsNotWrittenAgain() throws Exception {
        // the answer ends within the reply's interval after the first send (a stepped clock makes sure of it)
        ManualClock clock = new ManualClock(Instant.parse("2026-11-21T06:00:00Z"));
        Duration interval = Duration.ofMillis(150);
        RecordingPlatform platform =
                new RecordingPlatform("bot", "test", new PlatformLimits(2000, interval, Duration.ZERO, null), clock);
        Running reply =
                start(platform, CHANNEL, new ChannelPacer(Duration.ZERO, clock, clock::sleep), clock, clock::sleep);
        reply.feed(delta("Same"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !platform.writes().isEmpty());
        reply.feed(new AgentEvent.AnswerCompleted("m1", "Same"), new AgentEvent.Finished());
        clock.advance(interval);
        reply.await();
        // sent without the marker, so the final text needs no edit at all
        assertThat(platform.writes()).extracting(Call::text).containsExactly("Same");
    }

    @Test
    void aPauseRightAfterTheFirstSendStillShowsTheMarkerOnceTheIntervalHasPassed() throws Exception {
        // Coze stops sending (a plugin runs) right after the first text: the message must still say it is not done
        ManualClock clock = new ManualClock(Instant.parse("2026-11-21T06:00:00Z"));
        Duration interval = Duration.ofMillis(150);
        RecordingPlatform platform =
                new RecordingPlatform("bot", "test", new PlatformLimits(2000, interval, Duration.ZERO, null), clock);
        Running reply =
                start(platform, CHANNEL, new ChannelPacer(Duration.ZERO, clock, clock::sleep), clock, clock::sleep);
        String marker = platform.markup().streamingMarker();
        reply.feed(delta("Looking it up"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !platform.writes().isEmpty());
        assertThat(platform.writes().getFirst().text()).isEqualTo("Looking it up");
        // the marker edit waits for the reply's pace like any edit
        await().atMost(Duration.ofSeconds(5)).until(() -> clock.sleepers() == 1);
        assertThat(platform.writes()).hasSize(1);
        clock.advance(interval);
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.writes().size() == 2);
        assertThat(platform.writes().get(1).text()).isEqualTo("Looking it up" + marker);

        reply.feed(delta(": found."), new AgentEvent.Finished());
        clock.advance(interval);
        reply.await();
        assertThat(platform.writes()).extracting(Call::text).last().isEqualTo("Looking it up: found.");
        assertSpaced(platform.writes(), interval);
    }

    @Test
    void abortFinalizesWithTheGivenNotice() throws Exception {
        RecordingPlatform platform = platform(2000, Duration.ZERO, Duration.ZERO, null);
        Running reply = start(platform);
        reply.feed(delta("So far"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !platform.writes().isEmpty());
        assertThat(reply.streamer().abort("Stopping now.")).isTrue();
        reply.feed(delta(" ignored"), new AgentEvent.Finished());
        ReplyStreamer.Result result = reply.await();
        assertThat(platform.messages("c1")).containsExactly("So far\n\n_Stopping now._");
        assertThat(result.status()).isEqualTo(TurnStatus.PARTIAL);
    }

    @Test
    void underAManualClockWritesAreExactlyPacedAndTheLastCarriesEverything() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-21T06:00:00Z"));
        Sleeper sleeper = clock::advance;
        Duration interval = Duration.ofSeconds(1);
        RecordingPlatform platform = new RecordingPlatform(
                "bot", "test", new PlatformLimits(2000, interval, Duration.ofMillis(400), null), clock);
        ReplyStreamer streamer = new ReplyStreamer(
                platform,
                CHANNEL,
                new ChannelPacer(Duration.ofMillis(400), clock, sleeper),
                clock,
                sleeper,
                BridgeMetrics.NOOP,
                ReplyStreamer.Progress.NONE,
                Catalog.of(BotLocale.EN),
                9,
                "manual clock");
        CompletableFuture<ReplyStreamer.Result> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(streamer.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            streamer.accept(delta("x" + i + " "));
            full.append("x").append(i).append(' ');
        }
        streamer.accept(new AgentEvent.Finished());
        result.get(10, TimeUnit.SECONDS);
        List<Call> writes = platform.writes();
        assertSpaced(writes, interval);
        assertThat(writes.size()).isLessThanOrEqualTo(200);
        assertThat(writes.getLast().text()).isEqualTo(full.toString().strip());
        // time moved only by the pacing itself: one interval per write after the first
        assertThat(Duration.between(Instant.parse("2026-11-21T06:00:00Z"), clock.instant()))
                .isEqualTo(interval.multipliedBy(writes.size() - 1));
    }

    /** No two consecutive calls closer than {@code gap}. */
    static void assertSpaced(List<Call> calls, Duration gap) {
        for (int i = 1; i < calls.size(); i++) {
            Duration between =
                    Duration.between(calls.get(i - 1).at(), calls.get(i).at());
            assertThat(between).as("gap before call %d of %s", i, calls).isGreaterThanOrEqualTo(gap);
        }
    }
}
