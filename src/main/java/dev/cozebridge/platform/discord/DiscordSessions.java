package dev.cozebridge.platform.discord;

import dev.cozebridge.platform.StartupBackoff;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session controller of one bot's JDA (one shard): the gateway URL from bots.yml, and the first connection
 * retried with backoff and one log line per attempt. JDA's own controller puts a failed first connect straight
 * back in its queue, which against an unreachable gateway logs an ERROR with a stack trace thousands of times a
 * second. Reconnects of an established session back off inside JDA already; their node is only run here.
 * {@link SessionControllerAdapter} still provides the REST global rate limit and the sharded-gateway lookup.
 */
final class DiscordSessions extends SessionControllerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordSessions.class);

    private final String bot;
    private final String gateway;
    private final StartupBackoff backoff;
    private final ScheduledExecutorService worker;
    private final AtomicReference<ScheduledFuture<?>> pending = new AtomicReference<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile String lastFailure;

    DiscordSessions(String bot, String gateway, StartupBackoff backoff) {
        this.bot = bot;
        this.gateway = gateway;
        this.backoff = backoff;
        this.worker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("discord-" + bot + "-connect").factory());
    }

    @Override
    public String getGateway() {
        return gateway;
    }

    /** Called by JDA when a session wants to connect: at start, and when a lost session must identify again. */
    @Override
    public void appendSession(SessionConnectNode node) {
        schedule(node, 0);
    }

    /** Called by JDA on shutdown: a retry still waiting is dropped. */
    @Override
    public void removeSession(SessionConnectNode node) {
        ScheduledFuture<?> waiting = pending.getAndSet(null);
        if (waiting != null) {
            waiting.cancel(false);
        }
    }

    /** Connection attempts so far (the first counts). */
    int attempts() {
        return attempts.get();
    }

    /** Why the latest attempt failed, or null when none has. */
    String lastFailure() {
        return lastFailure;
    }

    /** Stops the worker; JDA must be shut down first. */
    void close() {
        worker.shutdownNow();
    }

    private void schedule(SessionConnectNode node, long delayMillis) {
        try {
            pending.set(worker.schedule(() -> attempt(node), delayMillis, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException closed) {
            // the adapter is stopping: nothing is to connect any more
        }
    }

    private void attempt(SessionConnectNode node) {
        int attempt = attempts.incrementAndGet();
        try {
            // isLast=true: return once the socket is open instead of blocking this thread until JDA is ready;
            // with one shard there is no next session to space out
            node.run(true);
        } catch (IllegalStateException e) {
            lastFailure = describe(e);
            long delay = backoff.delayAfter(attempt).toMillis();
            LOG.warn(
                    "Discord gateway {} not reachable for bot {} (attempt {}): {}; next attempt in {} ms",
                    gateway,
                    bot,
                    attempt,
                    lastFailure,
                    delay);
            schedule(node, delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // JDA refuses to connect once it is shut down; nothing is waiting for this node any more
            LOG.debug("Discord connect of bot {} ended: {}", bot, e.toString());
        }
    }

    /**
     * The failure in one line: the first I/O cause ("Connection refused", "The status line of the opening
     * handshake response is empty."), else the innermost one. JDA's ContextException (the caller's stack) is
     * skipped.
     */
    static String describe(Throwable e) {
        Throwable chosen = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("ContextException")) {
                continue;
            }
            if (t instanceof java.io.IOException || t.getClass().getSimpleName().equals("WebSocketException")) {
                chosen = t;
                break;
            }
            chosen = t;
        }
        Throwable root = chosen == null ? e : chosen;
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }
}
