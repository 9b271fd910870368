package dev.cozebridge.platform.discord;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session controller of one bot's shards. It uses the gateway URL from bots.yml (JDA's default is hard-coded
 * to Discord's), while the shard count and {@code max_concurrency} still come from {@code GET /gateway/bot}. It
 * starts the shards as Discord requires: shards are in buckets {@code shard_id % max_concurrency}, and each bucket
 * may IDENTIFY once every 5 s; a shard that cannot connect is tried again in its bucket's next slot, with one log
 * line. The connects run on one daemon thread, so a stopped bridge is not held up by a waiting one.
 * {@link SessionControllerAdapter} still provides the REST global rate limit.
 */
final class ShardedSessions extends SessionControllerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ShardedSessions.class);
    /**
     * Discord: one IDENTIFY per bucket every 5 seconds, counted as they arrive. JDA writes the IDENTIFY just after
     * the socket opens, so the next slot is counted from then, with a second to spare for that write.
     */
    static final long SPACING_NANOS = TimeUnit.SECONDS.toNanos(IDENTIFY_DELAY + 1);

    private final String bot;
    private final String gateway;
    private final ScheduledExecutorService worker;
    private final Map<SessionConnectNode, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    /** Per bucket, the earliest {@link System#nanoTime()} of its next IDENTIFY; guarded by this. */
    private long[] nextStart;

    ShardedSessions(String bot, String gateway) {
        this.bot = bot;
        this.gateway = gateway;
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
    public synchronized void setConcurrency(int level) {
        nextStart = buckets(Math.max(1, level));
    }

    /** Called by JDA when a shard wants to connect: at start, and when a lost session must identify again. */
    @Override
    public void appendSession(SessionConnectNode node) {
        long delay;
        synchronized (this) {
            int bucket = node.getShardInfo().getShardId() % nextStart.length;
            long now = System.nanoTime();
            long at = Math.max(now, nextStart[bucket]);
            nextStart[bucket] = at + SPACING_NANOS;
            delay = at - now;
        }
        try {
            pending.put(node, worker.schedule(() -> attempt(node), delay, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException closed) {
            // the adapter is stopping: nothing is to connect any more
        }
    }

    /** Called by JDA when a shard shuts down: its connect, if still waiting, is dropped. */
    @Override
    public void removeSession(SessionConnectNode node) {
        ScheduledFuture<?> waiting = pending.remove(node);
        if (waiting != null) {
            waiting.cancel(false);
        }
    }

    /** Stops the connect thread; the shards must be shut down first. */
    void close() {
        worker.shutdownNow();
    }

    private void attempt(SessionConnectNode node) {
        pending.remove(node);
        try {
            // isLast=true: return once the socket is open; the buckets space the IDENTIFYs
            node.run(true);
            opened(node);
        } catch (IllegalStateException e) {
            LOG.warn(
                    "Discord gateway {} not reachable for bot {} (shard {}): {}; trying again in its next start slot",
                    gateway,
                    bot,
                    node.getShardInfo().getShardString(),
                    rootCause(e));
            appendSession(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // JDA refuses to connect once the shard is shut down; nothing is waiting for this node any more
            LOG.debug("Discord connect of bot {} shard {} ended: {}", bot, node.getShardInfo(), e.toString());
        }
    }

    /** The bucket's next IDENTIFY waits a full slot after this one, however long the connect took. */
    private synchronized void opened(SessionConnectNode node) {
        int bucket = node.getShardInfo().getShardId() % nextStart.length;
        nextStart[bucket] = Math.max(nextStart[bucket], System.nanoTime() + SPACING_NANOS);
    }

    private static long[] buckets(int count) {
        long[] next = new long[count];
        Arrays.fill(next, System.nanoTime());
        return next;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
