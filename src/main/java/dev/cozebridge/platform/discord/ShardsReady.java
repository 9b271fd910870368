package dev.cozebridge.platform.discord;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.StatusChangeEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.CloseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a start: {@link #ready} completes once every shard of this instance is connected (READY came and its
 * guilds are loaded; JDA fires READY just before it marks the shard connected, so the status change is what
 * counts), or exceptionally with {@link GatewayClosed} when a shard is shut down first. A shard may connect
 * before the ids are handed over, so both sides check.
 */
final class ShardsReady extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ShardsReady.class);

    final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final String bot;
    private final Set<Integer> readyIds = ConcurrentHashMap.newKeySet();
    private volatile DiscordShards expected;

    ShardsReady(String bot) {
        this.bot = bot;
    }

    /** The shards to wait for, once the shard manager has logged in. */
    void expect(DiscordShards shards) {
        expected = shards;
        check();
    }

    /** The shards connected so far, ascending. */
    Set<Integer> readyIds() {
        return new TreeSet<>(readyIds);
    }

    @Override
    public void onReady(ReadyEvent event) {
        JDA.ShardInfo shard = event.getJDA().getShardInfo();
        LOG.info(
                "Discord bot {}: shard {} of {} ready with {} guild(s)",
                bot,
                shard.getShardId(),
                shard.getShardTotal(),
                event.getGuildTotalCount());
    }

    @Override
    public void onStatusChange(StatusChangeEvent event) {
        if (event.getNewStatus() == JDA.Status.CONNECTED) {
            readyIds.add(event.getJDA().getShardInfo().getShardId());
            check();
        }
    }

    @Override
    public void onShutdown(ShutdownEvent event) {
        ready.completeExceptionally(
                new GatewayClosed(event.getJDA().getShardInfo().getShardId(), event.getCloseCode(), event.getCode()));
    }

    private void check() {
        DiscordShards shards = expected;
        if (shards != null && readyIds.containsAll(shards.ids())) {
            ready.complete(null);
        }
    }

    /** A shard's gateway connection ended before it was ready; {@code closeCode} is null for a local shutdown. */
    static final class GatewayClosed extends RuntimeException {
        final int shardId;
        final CloseCode closeCode;
        final int code;

        GatewayClosed(int shardId, CloseCode closeCode, int code) {
            super("gateway closed shard " + shardId + " with " + code, null, false, false);
            this.shardId = shardId;
            this.closeCode = closeCode;
            this.code = code;
        }
    }
}
