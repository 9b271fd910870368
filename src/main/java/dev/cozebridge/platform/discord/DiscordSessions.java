package dev.cozebridge.platform.discord;

import dev.cozebridge.platform.StartupBackoff;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session controller of one bot's shards. It uses the gateway URL from bots.yml (JDA's default is hard-coded
 * to Discord's), while the shard count and {@code max_concurrency} still come from {@code GET /gateway/bot}.
 *
 * <p>It starts the shards as Discord requires: shards are in buckets {@code shard_id % max_concurrency}, and each
 * bucket may IDENTIFY once every 5 s. A first connection that fails is retried with backoff and one log line per
 * attempt; a failed attempt sent no IDENTIFY, so it does not use up its bucket's slot. (JDA's own controller puts
 * a failed connect straight back in its queue, which against an unreachable gateway logs an ERROR with a stack
 * trace thousands of times a second.) Reconnects of an established session back off inside JDA already; their
 * node is only run here. All connects run on one daemon thread, which makes the bucket check race-free and never
 * holds up a stopping bridge. {@link SessionControllerAdapter} still provides the REST global rate limit.
 */
final class DiscordSessions extends SessionControllerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordSessions.class);
    /**
     * Discord: one IDENTIFY per bucket every 5 seconds, counted as they arrive. JDA writes the IDENTIFY just after
     * the socket opens, so the next slot is counted from then, with a second to spare for that write.
     */
    static final long SPACING_NANOS = TimeUnit.SECONDS.toNanos(IDENTIFY_DELAY + 1);

    private final String bot;
    private final String gateway;
    private final StartupBackoff backoff;
    private final ScheduledExecutorService worker;
    private final Map<SessionConnectNode, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> failuresByShard = new ConcurrentHashMap<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile String lastFailure;
    /** Per bucket, the earliest {@link System#nanoTime()} of its next IDENTIFY; only the worker thread uses it. */
    private volatile long[] nextStart;

    DiscordSessions(String bot, String gateway, StartupBackoff backoff) {
        this.bot = bot;
        this.gateway = gateway;
        this.backoff = backoff;
        this.worker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("discord-" + bot + "-connect").factory());
        this.nextStart = buckets(1);
    }

    @Override
    public String getGateway() {
        return gateway;
    }

    /** Discord's recommendation and start limit, with the configured gateway instead of the URL it names. */
    @Override
    public ShardedGateway getShardedGateway(JDA api) {
        ShardedGateway recommended = super.getShardedGateway(api);
        return new ShardedGateway(gateway, recommended.getShardTotal(), recommended.getConcurrency());
    }

    /** {@code session_start_limit.max_concurrency}, from {@code GET /gateway/bot}. */
    @Override
    public void setConcurrency(int level) {
        nextStart = buckets(Math.max(1, level));
    }

    /** Called by JDA when a shard wants to connect: at start, and when a lost session must identify again. */
    @Override
    public void appendSession(SessionConnectNode node) {
        schedule(node, 0);
    }

    /** Called by JDA when a shard shuts down: its connect, if still waiting, is dropped. */
    @Override
    public void removeSession(SessionConnectNode node) {
        ScheduledFuture<?> waiting = pending.remove(node);
        if (waiting != null) {
            waiting.cancel(false);
        }
    }

    /** Connection attempts so far, over all shards (the first counts). */
    int attempts() {
        return attempts.get();
    }

    /** Why the latest attempt failed, or null when none has. */
    String lastFailure() {
        return lastFailure;
    }

    /** Stops the worker; the shards must be shut down first. */
    void close() {
        worker.shutdownNow();
    }

    private void schedule(SessionConnectNode node, long delayNanos) {
        try {
            pending.put(node, worker.schedule(() -> attempt(node), delayNanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException closed) {
            // the adapter is stopping: nothing is to connect any more
        }
    }

    private void attempt(SessionConnectNode node) {
        pending.remove(node);
        JDA.ShardInfo shard = node.getShardInfo();
        long[] next = nextStart;
        int bucket = shard.getShardId() % next.length;
        long wait = next[bucket] - System.nanoTime();
        if (wait > 0) {
            // another shard of this bucket identified less than a slot ago
            schedule(node, wait);
            return;
        }
        attempts.incrementAndGet();
        try {
            // isLast=true: return once the socket is open instead of blocking this thread until the shard is
            // ready; the buckets space the IDENTIFYs
            node.run(true);
            next[bucket] = System.nanoTime() + SPACING_NANOS;
            failuresByShard.remove(shard.getShardId());
        } catch (IllegalStateException e) {
            lastFailure = describe(e);
            int failures = failuresByShard
                    .computeIfAbsent(shard.getShardId(), id -> new AtomicInteger())
                    .incrementAndGet();
            long delay = backoff.delayAfter(failures).toMillis();
            LOG.warn(
                    "Discord gateway {} not reachable for bot {} (shard {}, attempt {}): {}; next attempt in {} ms",
                    gateway,
                    bot,
                    shard.getShardString(),
                    failures,
                    lastFailure,
                    delay);
            schedule(node, TimeUnit.MILLISECONDS.toNanos(delay));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // JDA refuses to connect once it is shut down; nothing is waiting for this node any more
            LOG.debug("Discord connect of bot {} shard {} ended: {}", bot, shard.getShardString(), e.toString());
        }
    }

    private static long[] buckets(int count) {
        long[] next = new long[count];
        Arrays.fill(next, System.nanoTime());
        return next;
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
