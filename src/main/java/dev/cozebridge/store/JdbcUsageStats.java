package dev.cozebridge.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What the history holds, per bot and platform: for {@code coze-bridge stats}. Read-only. */
public final class JdbcUsageStats {
    /** One bot on one platform; {@code lastActivity} is null for conversations without turns. */
    public record Row(String bot, String platform, long conversations, long turns, Instant lastActivity) {}

    static final String BY_BOT_AND_PLATFORM = """
            SELECT c.bot, c.platform, COUNT(DISTINCT c.id) AS conversations, COUNT(t.id) AS turns,
                   MAX(t.created_at) AS last_activity
            FROM conversations c LEFT JOIN turns t ON t.conversation_id = c.id
            GROUP BY c.bot, c.platform
            ORDER BY c.bot, c.platform""";

    static final RowMapper<Row> ROW = row -> {
        Timestamp last = row.getTimestamp("last_activity");
        return new Row(
                row.getString("bot"),
                row.getString("platform"),
                row.getLong("conversations"),
                row.getLong("turns"),
                last == null ? null : last.toInstant());
    };

    private final Jdbc jdbc;

    public JdbcUsageStats(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    public List<Row> byBotAndPlatform() {
        return jdbc.query(BY_BOT_AND_PLATFORM, ROW);
    }
}
