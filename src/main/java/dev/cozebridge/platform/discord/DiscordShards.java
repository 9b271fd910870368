package dev.cozebridge.platform.discord;

import java.util.List;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.sharding.ShardManager;

/**
 * The gateway shards one bot runs in this instance, behind JDA's shard manager. Discord delivers a guild's events
 * to shard {@code (guild_id >> 22) % total} and DMs to shard 0, so the channels this instance can write to are
 * those of the guilds its shards hold (the shard manager looks a channel up in whichever shard has it) and, when
 * it runs shard 0, the DMs. REST calls are not bound to a shard; opening a DM goes through shard 0 when this
 * instance runs it.
 */
final class DiscordShards {
    private final ShardManager manager;
    private final DiscordSessions sessions;
    private final List<Integer> ids;
    private final int total;

    DiscordShards(ShardManager manager, DiscordSessions sessions, List<Integer> ids, int total) {
        this.manager = manager;
        this.sessions = sessions;
        this.ids = List.copyOf(ids);
        this.total = total;
    }

    /** The shard ids this instance runs, ascending. */
    List<Integer> ids() {
        return ids;
    }

    int total() {
        return total;
    }

    /** For logs: {@code [0, 1] of 2}. */
    String describe() {
        return ids + " of " + total;
    }

    /** Shard 0 receives every DM and registers the slash commands; only one instance runs it. */
    boolean runsFirst() {
        return ids.contains(0);
    }

    /** Shard 0, or null when another instance runs it. */
    JDA first() {
        return manager.getShardById(0);
    }

    /** Every shard of this instance is built and connected to the gateway. */
    boolean connected() {
        List<JDA> running = manager.getShards();
        return running.size() == ids.size() && running.stream().allMatch(s -> s.getStatus() == JDA.Status.CONNECTED);
    }

    /**
     * The shard that receives a channel's events, so only the instance running it answers there: a guild's channel
     * on {@code (guild_id >> 22) % total}, a DM on shard 0. -1 when no shard of this instance knows the channel.
     */
    int shardOf(String channelId) {
        MessageChannel channel = channel(channelId);
        if (channel == null) {
            return -1;
        }
        if (channel instanceof net.dv8tion.jda.api.entities.channel.middleman.GuildChannel guildChannel) {
            return (int) ((guildChannel.getGuild().getIdLong() >> 22) % total);
        }
        return 0;
    }

    /** A channel, thread or DM channel one of this instance's shards knows, or null. */
    MessageChannel channel(String id) {
        return manager.getChannelById(MessageChannel.class, id);
    }

    /** Opens (or gets again) the bot's DM channel with {@code userId}. */
    RestAction<PrivateChannel> openDm(String userId) {
        JDA shard = runsFirst() ? first() : manager.getShards().getFirst();
        return shard.openPrivateChannelById(userId);
    }

    /** Removes a listener from every shard, present and future. */
    void removeListener(Object listener) {
        manager.removeEventListener(listener);
    }

    /** The self user name, from any shard (all shards are the same bot). */
    String selfName() {
        return manager.getShards().getFirst().getSelfUser().getName();
    }

    int guilds() {
        return manager.getGuilds().size();
    }

    /** Shuts every shard down and waits up to {@code timeoutMillis} in all, then cuts what is left. */
    void shutdown(long timeoutMillis) throws InterruptedException {
        List<JDA> running = manager.getShards();
        running.forEach(JDA::shutdown);
        manager.shutdown();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (JDA shard : running) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!shard.awaitShutdown(left, TimeUnit.NANOSECONDS)) {
                shard.shutdownNow();
            }
        }
        sessions.close();
    }

    /** Cuts every shard at once (a failed start). */
    void shutdownNow() {
        manager.getShards().forEach(JDA::shutdownNow);
        manager.shutdown();
        sessions.close();
    }
}
