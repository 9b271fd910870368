package dev.cozebridge.fakes.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gateway sharding as Discord does it (discord-api-docs, "Sharding"): IDENTIFY carries {@code shard: [id, total]}
 * ({@code [0, 1]} when absent); a guild's events go to shard {@code (guild_id >> 22) % total}, events without a
 * guild (DMs) to shard 0, and every session on the same shard gets them. {@code GET /gateway/bot} recommends a
 * shard count and reports the session start limit. Tests set the recommendation; the rest is Discord's rule.
 */
final class FakeDiscordShards {
    /** Discord's daily session starts for an ordinary bot. */
    static final int SESSION_STARTS_PER_DAY = 1000;

    private static final long DAY_MILLIS = 86_400_000L;

    private volatile int recommended = 1;
    private volatile int maxConcurrency = 1;
    private volatile String advertisedUrl;
    private final AtomicInteger starts = new AtomicInteger();
    private final List<List<Integer>> identified = new CopyOnWriteArrayList<>();
    private final List<Long> identifiedNanos = new CopyOnWriteArrayList<>();
    private final java.util.Set<Integer> withheld = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void recommend(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("Discord recommends at least one shard");
        }
        recommended = shards;
    }

    void maxConcurrency(int identifies) {
        if (identifies < 1) {
            throw new IllegalArgumentException("max_concurrency is at least 1");
        }
        maxConcurrency = identifies;
    }

    /** A gateway URL for {@code GET /gateway/bot} other than the fake's own (null restores the fake's). */
    void advertise(String url) {
        advertisedUrl = url;
    }

    /** Sessions on shard {@code id} are accepted but get no READY, like a shard whose start stalls. */
    void withholdReady(int id) {
        withheld.add(id);
    }

    boolean readyWithheld(int[] shard) {
        return withheld.contains(shard[0]);
    }

    /** Every {@code shard} an IDENTIFY asked for, as {@code [id, total]}, refused ones included. */
    List<List<Integer>> identified() {
        return List.copyOf(identified);
    }

    /** When each IDENTIFY of {@link #identified()} arrived, in {@link System#nanoTime()}. */
    List<Long> identifiedNanos() {
        return List.copyOf(identifiedNanos);
    }

    /** {@code GET /gateway/bot}, as Discord answers it. */
    ObjectNode gatewayBot(ObjectMapper json, String gatewayUrl) {
        ObjectNode body = json.createObjectNode()
                .put("url", advertisedUrl != null ? advertisedUrl : gatewayUrl)
                .put("shards", recommended);
        body.putObject("session_start_limit")
                .put("total", SESSION_STARTS_PER_DAY)
                .put("remaining", Math.max(0, SESSION_STARTS_PER_DAY - starts.get()))
                .put("reset_after", DAY_MILLIS)
                .put("max_concurrency", maxConcurrency);
        return body;
    }

    /**
     * The {@code [id, total]} of an IDENTIFY, or null when Discord would close it with 4010 Invalid shard: not two
     * whole numbers, an id outside {@code [0, total)}, or a total other than the one the open sessions use.
     */
    int[] shard(JsonNode identify, List<Integer> openTotals) {
        identifiedNanos.add(System.nanoTime());
        JsonNode shard = identify.get("shard");
        int id = 0;
        int total = 1;
        if (shard != null && !shard.isNull()) {
            if (!shard.isArray()
                    || shard.size() != 2
                    || !shard.get(0).isIntegralNumber()
                    || !shard.get(1).isIntegralNumber()) {
                identified.add(List.of());
                return null;
            }
            id = shard.get(0).asInt();
            total = shard.get(1).asInt();
        }
        identified.add(List.of(id, total));
        Integer requested = total;
        if (id < 0 || total < 1 || id >= total || openTotals.stream().anyMatch(t -> !t.equals(requested))) {
            return null;
        }
        starts.incrementAndGet();
        return new int[] {id, total};
    }

    /** Whether a session on {@code shard} receives this dispatch: the guild's shard, or shard 0 without a guild. */
    static boolean receives(int[] shard, ObjectNode data) {
        JsonNode guild = data.get("guild_id");
        if (guild == null || !guild.isTextual()) {
            return shard[0] == 0;
        }
        return Snowflakes.shardOf(guild.asText(), shard[1]) == shard[0];
    }

    /** The guilds whose events go to {@code shard}. */
    static List<FakeDiscordState.Guild> guildsOn(int[] shard, List<FakeDiscordState.Guild> guilds) {
        return guilds.stream()
                .filter(g -> Snowflakes.shardOf(g.id(), shard[1]) == shard[0])
                .toList();
    }
}
