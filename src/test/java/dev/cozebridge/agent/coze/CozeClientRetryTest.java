package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static dev.cozebridge.agent.coze.CozeTestSupport.rate;
import static dev.cozebridge.agent.coze.CozeTestSupport.retries;
import static dev.cozebridge.agent.coze.CozeTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CozeClientRetryTest {
    private final FakeCoze fake = FakeCoze.start();

    @AfterEach
    void tearDown() {
        fake.close();
    }

    @Test
    void retriesServerErrorsAndRateLimitsBeforeTheFirstEvent() {
        try (CozeClient client = new CozeClient(retries(settings(fake), 3), Clock.systemUTC())) {
            fake.enqueue(
                    Script.httpError(502, "text/html", "<h1>Bad Gateway</h1>"),
                    Script.jsonError(429, 4013, "rate limited"),
                    Script.answer("third time lucky"));
            EventRecorder events = new EventRecorder();
            client.start(ask("x"), events);

            assertThat(events.awaitTerminal(Duration.ofSeconds(10))).isEqualTo(new AgentEvent.Finished());
            assertThat(events.deltaText()).isEqualTo("third time lucky");
            assertThat(fake.chats()).extracting(RecordedChat::rejectedCode).containsExactly(502, 4013, 0);
        }
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastFailure() {
        try (CozeClient client = new CozeClient(retries(settings(fake), 1), Clock.systemUTC())) {
            fake.enqueue(
                    Script.jsonError(200, 5000, "internal"),
                    Script.jsonError(200, 5000, "internal again"),
                    Script.answer("never reached"));
            EventRecorder events = new EventRecorder();
            client.start(ask("x"), events);

            AgentFailure failure = events.awaitFailure();
            assertThat(failure.kind()).isEqualTo(FailureKind.SERVER_ERROR);
            assertThat(failure.code()).isEqualTo(5000);
            assertThat(failure.logId()).isEqualTo(fake.chats().get(1).logId());
            assertThat(fake.chats()).hasSize(2);
        }
    }

    @Test
    void neverRetriesAfterAnEventArrived() {
        try (CozeClient client = new CozeClient(retries(settings(fake), 3), Clock.systemUTC())) {
            // were it retried, the default echo answer would turn this run into a success
            fake.enqueue(Script.answer("started then broke").deltas(3).midStreamError(5000, "boom", 1));
            EventRecorder events = new EventRecorder();
            client.start(ask("x"), events);

            AgentFailure failure = events.awaitFailure();
            assertThat(failure.code()).isEqualTo(5000);
            assertThat(fake.chats()).hasSize(1);
            // a cut after the first delta is not retried either
            fake.enqueue(Script.answer("a b c").cutAfter(1));
            EventRecorder second = new EventRecorder();
            client.start(ask("y"), second);
            assertThat(second.awaitFailure().kind()).isEqualTo(FailureKind.STREAM_CUT);
            assertThat(fake.chats()).hasSize(2);
        }
    }

    @Test
    void doesNotRetryNonRetryableFailures() {
        try (CozeClient client = new CozeClient(retries(settings(fake), 3), Clock.systemUTC())) {
            fake.enqueue(Script.jsonError(200, 4000, "bad parameter"), Script.answer("must not be used"));
            EventRecorder events = new EventRecorder();
            client.start(ask("x"), events);

            assertThat(events.awaitFailure().kind()).isEqualTo(FailureKind.BAD_REQUEST);
            assertThat(fake.chats()).hasSize(1);
        }
    }

    @Test
    void rateLimiterSpacesRequests() {
        int n = 6;
        double perSecond = 5;
        try (CozeClient client = new CozeClient(rate(settings(fake), perSecond), Clock.systemUTC())) {
            List<EventRecorder> runs = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                EventRecorder events = new EventRecorder();
                runs.add(events);
                client.start(ask("q" + i), events);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> runs.stream().allMatch(r -> !r.terminals().isEmpty()));

            List<RecordedChat> chats = fake.chats();
            assertThat(chats).hasSize(n);
            assertThat(Duration.ofNanos(chats.getLast().receivedNanos() - started))
                    .isGreaterThanOrEqualTo(Duration.ofMillis((long) ((n - 1) / perSecond * 1000)));
            assertThat(runs).allMatch(r -> r.terminals().equals(List.of(new AgentEvent.Finished())));
        }
    }

    @Test
    void zeroRequestsPerSecondTurnsTheRateLimiterOff() throws InterruptedException {
        try (CozeClient client = new CozeClient(rate(settings(fake), 0), Clock.systemUTC())) {
            // an off limiter hands out no slots at all: -1 at once, however many ask
            for (int i = 0; i < 100; i++) {
                assertThat(client.rateLimiter().acquire(RateLimiter.Lane.PLATFORM))
                        .isEqualTo(-1);
            }
            assertThat(client.rateLimiter()).hasToString("RateLimiter[off]");
        }
        try (CozeClient client = new CozeClient(rate(settings(fake), 5), Clock.systemUTC())) {
            assertThat(client.rateLimiter().acquire(RateLimiter.Lane.PLATFORM)).isZero();
            assertThat(client.rateLimiter()).hasToString("RateLimiter[200 ms]");
        }
    }

    @Test
    void apiChatsLeavePlatformChatsTheirShareOfTheRateLimit() {
        try (CozeClient client = new CozeClient(rate(settings(fake), 10), Clock.systemUTC(), 0.5)) {
            List<EventRecorder> runs = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                EventRecorder events = new EventRecorder();
                runs.add(events);
                client.apiAgent().start(ask("api " + i), events);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> fake.chats().size() >= 2);
            int sentBefore = fake.chats().size();
            EventRecorder platform = new EventRecorder();
            runs.add(platform);
            client.start(ask("platform"), platform);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> runs.stream().allMatch(r -> !r.terminals().isEmpty()));

            List<String> questions =
                    fake.chats().stream().map(RecordedChat::lastUserText).toList();
            // The platform chat goes at the next slot or the one after, not behind the 13 API chats still queued.
            assertThat(questions.indexOf("platform")).as("%s", questions).isLessThanOrEqualTo(sentBefore + 2);
            assertThat(runs).allMatch(r -> r.terminals().equals(List.of(new AgentEvent.Finished())));
        }
    }

    @Test
    void cancelWhileWaitingForTheRateLimiterSendsNothing() throws InterruptedException {
        // one request per 100 s: the second waits that long for its slot unless the cancel ends the wait
        try (CozeClient client = new CozeClient(rate(settings(fake), 0.01), Clock.systemUTC())) {
            EventRecorder first = new EventRecorder();
            client.start(ask("first"), first);
            assertThat(first.awaitTerminal(Duration.ofSeconds(5))).isEqualTo(new AgentEvent.Finished());
            EventRecorder second = new EventRecorder();
            var call = client.start(ask("second waits 100 s for its slot"), second);

            call.cancel();
            CompletableFuture<Void> ended = CompletableFuture.runAsync(
                    () -> {
                        try {
                            call.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    Thread.ofVirtual()::start);
            await().atMost(Duration.ofSeconds(20)).until(ended::isDone);

            assertThat(second.terminals())
                    .singleElement()
                    .satisfies(e ->
                            assertThat(((AgentEvent.Failed) e).failure().kind()).isEqualTo(FailureKind.CANCELLED));
            assertThat(fake.chats()).hasSize(1);
        }
    }
}
