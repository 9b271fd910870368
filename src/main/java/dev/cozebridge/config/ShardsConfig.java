package dev.cozebridge.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code discord.shards: {total: N, ids: [..]}}. Both keys are required: splitting shards across instances
 * only works when every instance names the same total (JDA would otherwise ask Discord and run every shard), and
 * each instance must say which shards are its own.
 */
final class ShardsConfig {
    /** Far beyond any bot (Discord allows 2,500 guilds per shard); larger numbers are typos. */
    static final int MAX_TOTAL = 100_000;

    private ShardsConfig() {}

    /** The shards, or null after recording the problems. */
    static BotSettings.ShardSettings read(Section s) {
        if (!s.has("total")) {
            s.problem("total", "required: the number of shards across all instances (the same in every instance)");
        }
        int total = s.integer("total", -1, 1, MAX_TOTAL);
        boolean listed = s.has("ids");
        List<String> raw = s.strings("ids");
        if (!listed || raw.isEmpty()) {
            s.problem("ids", "required: the shard ids this instance runs, e.g. [0]; each id in exactly one instance");
        }
        s.rejectUnknown();
        if (total < 1) {
            return null;
        }
        List<Integer> ids = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        boolean valid = true;
        for (int i = 0; i < raw.size(); i++) {
            String text = raw.get(i);
            String key = "ids[" + i + "]";
            if (!text.matches("\\d{1,6}") || Integer.parseInt(text) >= total) {
                s.problem(
                        key,
                        "must be a shard id from 0 to " + (total - 1) + " (shards.total is " + total + "), not '" + text
                                + "'");
                valid = false;
            } else if (!seen.add(Integer.parseInt(text))) {
                s.problem(key, "shard " + text + " is listed twice");
                valid = false;
            } else {
                ids.add(Integer.parseInt(text));
            }
        }
        return valid && !ids.isEmpty() ? new BotSettings.ShardSettings(total, ids) : null;
    }
}
