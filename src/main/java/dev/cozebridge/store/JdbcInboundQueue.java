package dev.cozebridge.store;

import dev.cozebridge.core.ConversationKey;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@link InboundQueue} on the {@code inbound_queue} and {@code conversation_leases} tables (db/V8). */
public final class JdbcInboundQueue implements InboundQueue {

    static final String INSERT_MESSAGE = """
            INSERT INTO inbound_queue (bot, platform, scope, affinity, platform_message_id, payload, accepted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    static final String SELECT_NEXT = """
            SELECT id, bot, platform, scope, affinity, platform_message_id, payload, accepted_at FROM inbound_queue
            WHERE bot = ? AND platform = ? AND scope = ? AND id > ?
            ORDER BY bot, platform, scope, id
            LIMIT ?""";

    static final String COUNT_CONVERSATION = """
            SELECT COUNT(*) FROM inbound_queue WHERE bot = ? AND platform = ? AND scope = ?""";

    static final String COUNT_BOT = """
            SELECT COUNT(*) FROM inbound_queue WHERE bot = ? AND platform = ?""";

    static final String DELETE_MESSAGE = """
            DELETE FROM inbound_queue WHERE id = ?""";

    static final String INSERT_LEASE = """
            INSERT INTO conversation_leases (bot, platform, scope, owner, expires_at) VALUES (?, ?, ?, ?, ?)""";

    static final String RENEW_LEASE = """
            UPDATE conversation_leases SET expires_at = ?
            WHERE bot = ? AND platform = ? AND scope = ? AND owner = ?""";

    /**
     * One statement decides between two instances taking an expired lease at once: only one of them matches the
     * condition. Apart from {@link #RENEW_LEASE} so that a takeover can be told from a renewal (it is counted).
     */
    static final String TAKE_EXPIRED_LEASE = """
            UPDATE conversation_leases SET owner = ?, expires_at = ?
            WHERE bot = ? AND platform = ? AND scope = ? AND owner <> ? AND expires_at < ?""";

    static final String DELETE_LEASE = """
            DELETE FROM conversation_leases WHERE bot = ? AND platform = ? AND scope = ? AND owner = ?""";

    static final String DELETE_ALL_LEASES = """
            DELETE FROM conversation_leases""";

    /**
     * The oldest message of every conversation that has one and no live lease of another owner. MIN(id) per
     * conversation keeps the answer order fair: the conversation waiting longest comes first.
     */
    static final String SELECT_WAITING = """
            SELECT q.scope, MIN(q.id) AS first_id FROM inbound_queue q
            WHERE q.bot = ? AND q.platform = ?
              AND NOT EXISTS (
                SELECT 1 FROM conversation_leases l
                WHERE l.bot = q.bot AND l.platform = q.platform AND l.scope = q.scope
                  AND l.owner <> ? AND l.expires_at >= ?)
            GROUP BY q.scope
            ORDER BY first_id
            LIMIT ?""";

    static final String SELECT_AFFINITY = """
            SELECT affinity FROM inbound_queue WHERE id = ?""";

    private static final RowMapper<QueuedMessage> MESSAGE = row -> new QueuedMessage(
            row.getLong("id"),
            new ConversationKey(row.getString("bot"), row.getString("platform"), row.getString("scope")),
            row.getString("affinity"),
            row.getString("platform_message_id"),
            row.getString("payload"),
            JdbcSession.instant(row, "accepted_at"));

    private static final RowMapper<Integer> COUNT = row -> row.getInt(1);

    private final Jdbc jdbc;

    public JdbcInboundQueue(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    @Override
    public long add(
            ConversationKey key, String affinity, String platformMessageId, String payload, Instant acceptedAt) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            throw new StoreException(
                    "The message is " + payload.length() + " characters as queued; the queue keeps at most "
                            + MAX_PAYLOAD_CHARS,
                    null);
        }
        return jdbc.insert(
                INSERT_MESSAGE,
                key.bot(),
                key.platform(),
                key.scope(),
                affinity,
                platformMessageId,
                payload,
                acceptedAt);
    }

    @Override
    public List<QueuedMessage> next(ConversationKey key, long afterId, int limit) {
        return jdbc.query(SELECT_NEXT, MESSAGE, key.bot(), key.platform(), key.scope(), afterId, limit);
    }

    @Override
    public int depth(ConversationKey key) {
        return jdbc.queryOne(COUNT_CONVERSATION, COUNT, key.bot(), key.platform(), key.scope())
                .orElse(0);
    }

    @Override
    public int depth(String bot, String platform) {
        return jdbc.queryOne(COUNT_BOT, COUNT, bot, platform).orElse(0);
    }

    @Override
    public void remove(long id) {
        jdbc.update(DELETE_MESSAGE, id);
    }

    @Override
    public Claim lease(ConversationKey key, String owner, Instant now, Instant until) {
        Objects.requireNonNull(owner, "owner");
        return jdbc.autoCommit(TAKE_EXPIRED_LEASE, session -> {
            if (session.update(RENEW_LEASE, until, key.bot(), key.platform(), key.scope(), owner) == 1) {
                return Claim.TAKEN;
            }
            if (session.update(TAKE_EXPIRED_LEASE, owner, until, key.bot(), key.platform(), key.scope(), owner, now)
                    == 1) {
                return Claim.TAKEN_OVER;
            }
            try {
                session.update(INSERT_LEASE, key.bot(), key.platform(), key.scope(), owner, until);
                return Claim.TAKEN;
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    // someone else holds a live lease (or took it between our statements)
                    return Claim.REFUSED;
                }
                throw e;
            }
        });
    }

    @Override
    public void release(ConversationKey key, String owner) {
        jdbc.update(DELETE_LEASE, key.bot(), key.platform(), key.scope(), owner);
    }

    @Override
    public int releaseAll() {
        return jdbc.update(DELETE_ALL_LEASES);
    }

    @Override
    public List<Waiting> waiting(String bot, String platform, String owner, Instant now, int limit) {
        return jdbc.autoCommit(SELECT_WAITING, session -> {
            Map<String, Long> firsts = new LinkedHashMap<>();
            for (Object[] row : session.query(
                    SELECT_WAITING,
                    r -> new Object[] {r.getString("scope"), r.getLong("first_id")},
                    bot,
                    platform,
                    owner,
                    now,
                    limit)) {
                firsts.put((String) row[0], (Long) row[1]);
            }
            List<Waiting> waiting = new ArrayList<>(firsts.size());
            for (Map.Entry<String, Long> first : firsts.entrySet()) {
                // a list, not queryOne: the affinity is usually NULL
                List<String> affinity = session.query(SELECT_AFFINITY, r -> r.getString(1), first.getValue());
                waiting.add(new Waiting(
                        new ConversationKey(bot, platform, first.getKey()),
                        affinity.isEmpty() ? null : affinity.getFirst()));
            }
            return waiting;
        });
    }
}
