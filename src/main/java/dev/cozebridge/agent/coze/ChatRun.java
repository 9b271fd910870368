package dev.cozebridge.agent.coze;

import dev.cozebridge.agent.AgentCall;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.AgentFailureException;
import dev.cozebridge.core.FailureKind;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed chat: the attempt loop (rate limit, token, request, retry before the first event), the SSE listener,
 * the first-event and total timers (the idle timeout is the HTTP client's read timeout), and cancellation: however
 * the bridge ends a chat Coze already named — a timeout, a cancel, a broken stream — Coze is told once. Whatever happens, the sink gets exactly one terminal event,
 * delivered under a lock so events never interleave.
 */
final class ChatRun implements AgentCall {
    private static final Logger LOG = LoggerFactory.getLogger(ChatRun.class);
    private static final long MAX_ERROR_BODY = 64 * 1024;
    private static final Duration BACKOFF_BASE = Duration.ofMillis(200);
    private static final Duration BACKOFF_CAP = Duration.ofSeconds(5);
    /**
     * Coze sends these as soon as it accepts the request, before the bot does anything (§4.6). The first-event
     * timeout waits for what comes after them — the bot starting to answer — so that when it fires, the chat id is
     * known and the chat can be cancelled at Coze.
     */
    private static final Set<String> STARTING_EVENTS =
            Set.of("conversation.chat.created", "conversation.chat.in_progress");
    /**
     * Failures the bridge decides on while Coze may still be generating (and billing) the reply: its own timeouts,
     * a cancel, a stream that broke or could not be read, and a pause for an action the bridge cannot take. Coze's
     * own ends (chat.failed, an error event) need no cancel.
     */
    private static final Set<FailureKind> CANCEL_UPSTREAM = EnumSet.of(
            FailureKind.CANCELLED,
            FailureKind.TIMEOUT,
            FailureKind.STREAM_CUT,
            FailureKind.MALFORMED_RESPONSE,
            FailureKind.ACTION_REQUIRED);

    private final CozeClient client;
    private final RateLimiter.Lane lane;
    private final Function<String, Request> requestFor;
    private final Consumer<AgentEvent> sink;
    private final String botId;
    private final ReentrantLock deliverLock = new ReentrantLock();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean terminal;
    private final AtomicBoolean upstreamCancelled = new AtomicBoolean();
    private volatile boolean eventSeen;
    private volatile Call currentCall;
    private volatile Thread worker;
    /** True only while the worker sleeps (rate limit, backoff): the one time an interrupt is safe to send it. */
    private volatile boolean waiting;

    private volatile String logId;
    private volatile String chatId;
    private volatile String conversationId;
    private volatile ScheduledFuture<?> firstEventTimer;
    private volatile ScheduledFuture<?> totalTimer;

    ChatRun(
            CozeClient client,
            RateLimiter.Lane lane,
            Function<String, Request> requestFor,
            Consumer<AgentEvent> sink,
            String botId) {
        this.client = client;
        this.lane = lane;
        this.requestFor = requestFor;
        this.sink = sink;
        this.botId = botId;
    }

    void begin() {
        try {
            totalTimer = client.schedule(
                    client.settings().totalTimeout(),
                    () -> timeout("the chat did not finish within the total timeout of "
                            + client.settings().totalTimeout()));
            worker = Thread.ofVirtual().name("coze-chat-" + botId).start(this::runGuarded);
        } catch (RuntimeException e) {
            // e.g. the client was closed: still exactly one terminal event, never an exception out of start()
            deliver(failed(
                    FailureKind.OTHER,
                    0,
                    "the Coze client cannot start a chat: " + e.getClass().getSimpleName()));
        }
    }

    private void runGuarded() {
        try {
            runAttempts();
        } catch (RuntimeException e) {
            LOG.error("Unexpected error in a Coze chat for bot {}", botId, e);
            deliver(failed(FailureKind.OTHER, 0, "unexpected " + e.getClass().getSimpleName()));
        }
    }

    /** Also {@link #deliver} asks Coze to cancel the chat (once), since closing the stream alone does not stop it. */
    @Override
    public void cancel() {
        boolean delivered = deliver(
                new AgentEvent.Failed(new AgentFailure(FailureKind.CANCELLED, 0, "cancelled by the bridge", logId)));
        Call call = currentCall;
        if (call != null) {
            call.cancel();
        }
        if (delivered) {
            wakeWorker();
        }
    }

    @Override
    public void await() throws InterruptedException {
        finished.await();
    }

    private void runAttempts() {
        int retries = 0;
        boolean renewedToken = false;
        OkHttpClient http = client.http();
        boolean replayedFresh = false;
        boolean replaying = false;
        while (!terminal) {
            String bearer;
            try {
                if (!replaying) {
                    waiting = true;
                    try {
                        client.rateLimiter().acquire(lane);
                    } finally {
                        waiting = false;
                    }
                }
                replaying = false;
                if (terminal) {
                    return;
                }
                bearer = client.tokens().bearer();
            } catch (InterruptedException e) {
                return;
            } catch (AgentFailureException e) {
                deliver(new AgentEvent.Failed(e.failure()));
                return;
            }
            Attempt result = attempt(http, ExchangeTrace.tag(requestFor.apply(bearer)));
            if (result == null || terminal) {
                return;
            }
            AgentFailure failure = result.failure();
            if (result.reach() == ExchangeTrace.Reach.STALE_CONNECTION && !replayedFresh) {
                // no server saw it (ExchangeTrace): sent again at once, on a connection dialled for it
                LOG.info(
                        "Coze chat for bot {}: its pooled connection had been closed ({}); sending it once more "
                                + "on a fresh one",
                        botId,
                        failure.message());
                http = client.fresh(http);
                replayedFresh = true;
                replaying = true;
                continue;
            }
            if (!eventSeen && !renewedToken && client.tokens().renewable() && CozeErrors.isAuthFailure(failure)) {
                LOG.info(
                        "Coze rejected the OAuth access token for bot {} (code {}, logid {}); minting a new one",
                        botId,
                        failure.code(),
                        failure.logId());
                client.tokens().invalidate(bearer);
                renewedToken = true;
                continue;
            }
            if (eventSeen
                    || !failure.kind().retryableBeforeStart()
                    || result.reach() == ExchangeTrace.Reach.MAY_HAVE_ARRIVED
                    || retries >= client.settings().maxRetries()) {
                deliver(new AgentEvent.Failed(failure));
                return;
            }
            retries++;
            Duration pause = backoff(retries);
            LOG.info(
                    "Coze chat for bot {} failed before starting ({}); retry {} of {} in {} ms",
                    botId,
                    failure.describe(),
                    retries,
                    client.settings().maxRetries(),
                    pause.toMillis());
            waiting = true;
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            } finally {
                waiting = false;
            }
        }
    }

    /**
     * A failed attempt: its failure, and for a connection-level failure how far the request got (null when Coze
     * answered).
     */
    private record Attempt(AgentFailure failure, ExchangeTrace.Reach reach) {}

    /** One HTTP attempt. Returns null when the run reached its terminal event, else the failure to judge. */
    private Attempt attempt(OkHttpClient http, Request request) {
        Call call = http.newCall(request);
        currentCall = call;
        if (terminal) {
            call.cancel();
            return null;
        }
        firstEventTimer = client.schedule(
                client.settings().firstEventTimeout(),
                () -> timeout("no event within the first-event timeout of "
                        + client.settings().firstEventTimeout()));
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            cancelFirstEventTimer();
            if (terminal) {
                return null;
            }
            ExchangeTrace.Reach reach = ExchangeTrace.of(request).reach(e);
            AgentFailure failure = CozeErrors.fromIo(e, false, logId);
            if (reach == ExchangeTrace.Reach.MAY_HAVE_ARRIVED) {
                // a chat start is not idempotent: Coze may be running it, so a second one would answer twice
                failure = new AgentFailure(
                        failure.kind(),
                        failure.code(),
                        failure.message() + " (not sent again: Coze may have received it)",
                        failure.logId());
            }
            return new Attempt(failure, reach);
        }
        try (response) {
            String responseLogId = response.header("x-tt-logid");
            logId = responseLogId;
            ResponseBody body = response.body();
            MediaType type = body.contentType();
            boolean stream = type != null && "text".equals(type.type()) && "event-stream".equals(type.subtype());
            if (!response.isSuccessful() || !stream) {
                cancelFirstEventTimer();
                String text = readBounded(body);
                return new Attempt(
                        client.errors()
                                .fromResponse(
                                        response.code(), type == null ? null : type.toString(), text, responseLogId),
                        null);
            }
            CozeEventMapper mapper = new CozeEventMapper(client.json(), responseLogId);
            EventSources.processResponse(response, new Listener(mapper));
            if (!terminal) {
                deliver(mapper.endOfStream());
            }
            return null;
        }
    }

    private final class Listener extends EventSourceListener {
        private final CozeEventMapper mapper;

        Listener(CozeEventMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            if (terminal) {
                source.cancel();
                return;
            }
            eventSeen = true;
            if (!STARTING_EVENTS.contains(type)) {
                cancelFirstEventTimer();
            }
            List<AgentEvent> events = mapper.map(type, data);
            for (AgentEvent event : events) {
                deliver(event);
            }
            if (terminal) {
                source.cancel();
            }
        }

        @Override
        public void onClosed(EventSource source) {
            if (!terminal) {
                deliver(mapper.endOfStream());
            }
        }

        @Override
        public void onFailure(EventSource source, Throwable t, Response response) {
            if (terminal) {
                return;
            }
            if (t instanceof IOException io) {
                deliver(new AgentEvent.Failed(CozeErrors.fromIo(io, true, logId)));
            } else {
                deliver(failed(
                        FailureKind.MALFORMED_RESPONSE,
                        0,
                        "the event stream could not be read"
                                + (t == null ? "" : ": " + t.getClass().getSimpleName())));
            }
        }
    }

    private void timeout(String why) {
        if (deliver(failed(FailureKind.TIMEOUT, 0, why))) {
            Call call = currentCall;
            if (call != null) {
                call.cancel();
            }
            wakeWorker();
        }
    }

    /**
     * Ends a rate-limit or backoff sleep early. The worker is never interrupted otherwise: it may be inside the
     * sink, whose own I/O (a database file channel, say) an interrupt would break. Closing the call stops reads.
     */
    private void wakeWorker() {
        Thread thread = worker;
        if (waiting && thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    /** Delivers one event unless the run already ended; returns whether it was delivered. */
    private boolean deliver(AgentEvent event) {
        boolean isTerminal = event instanceof AgentEvent.Finished || event instanceof AgentEvent.Failed;
        deliverLock.lock();
        try {
            if (terminal) {
                return false;
            }
            if (isTerminal) {
                terminal = true;
            }
            if (event instanceof AgentEvent.ChatStarted started) {
                chatId = started.chatId();
                conversationId = started.conversationId();
            }
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                LOG.error(
                        "The agent event sink failed on {} for bot {}",
                        event.getClass().getSimpleName(),
                        botId,
                        e);
            }
        } finally {
            deliverLock.unlock();
        }
        if (event instanceof AgentEvent.Failed failed
                && CANCEL_UPSTREAM.contains(failed.failure().kind())) {
            // (a paused chat would hold its Coze conversation; Coze may refuse that cancel, which is only logged)
            cancelUpstream(failed.failure());
        }
        if (isTerminal) {
            cancelFirstEventTimer();
            ScheduledFuture<?> total = totalTimer;
            if (total != null) {
                total.cancel(false);
            }
            finished.countDown();
        }
        return true;
    }

    /**
     * {@code POST /v3/chat/cancel} for this run's chat, at most once whatever ended it, and only once Coze gave the
     * chat id (before {@code chat.created} there is nothing to name; Coze then has not started the bot either).
     */
    private void cancelUpstream(AgentFailure why) {
        String chat = chatId;
        String conversation = conversationId;
        if (chat != null && conversation != null && upstreamCancelled.compareAndSet(false, true)) {
            LOG.debug("Cancelling Coze chat {} of bot {} at Coze: {}", chat, botId, why.describe());
            client.cancelChatInBackground(lane, conversation, chat);
        }
    }

    private void cancelFirstEventTimer() {
        ScheduledFuture<?> timer = firstEventTimer;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private AgentEvent.Failed failed(FailureKind kind, int code, String message) {
        return new AgentEvent.Failed(new AgentFailure(kind, code, message, logId));
    }

    private static Duration backoff(int retry) {
        long base = BACKOFF_BASE.toMillis() << Math.min(retry - 1, 10);
        long capped = Math.min(base, BACKOFF_CAP.toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    private static String readBounded(ResponseBody body) {
        try {
            return body.source().request(MAX_ERROR_BODY)
                    ? body.source().getBuffer().readUtf8(MAX_ERROR_BODY)
                    : body.string();
        } catch (IOException e) {
            return "";
        }
    }
}
