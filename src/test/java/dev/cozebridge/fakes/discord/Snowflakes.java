package dev.cozebridge.fakes.discord;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Mints time-based snowflakes like Discord's: JDA derives creation times from ids, so small arbitrary ids
 * make interactions look years old and their hooks expire at once.
 */
final class Snowflakes {
    static final long DISCORD_EPOCH = 1_420_070_400_000L;

    private final AtomicLong counter = new AtomicLong();

    String next() {
        return mint(System.currentTimeMillis() - DISCORD_EPOCH);
    }

    /**
     * A snowflake of a guild that Discord routes to {@code shard} of {@code total}: {@code (id >> 22) % total} is
     * the shard, and {@code id >> 22} is the creation time, so the id is at most {@code total - 1} ms old.
     */
    String nextOnShard(int shard, int total) {
        long millis = System.currentTimeMillis() - DISCORD_EPOCH;
        return mint(millis - Math.floorMod(millis - shard, total));
    }

    /** The shard that receives the events of guild {@code guildId} when sessions use {@code total} shards. */
    static int shardOf(String guildId, int total) {
        return (int) ((Long.parseLong(guildId) >> 22) % total);
    }

    private String mint(long millis) {
        long increment = counter.getAndIncrement() & 0x3F_FFFFL;
        return Long.toString((millis << 22) | increment);
    }
}
