package dev.cozebridge.store;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/** {@link PlatformStateStore} on the {@code platform_state} table. */
public final class JdbcPlatformStateStore implements PlatformStateStore {
    static final String SELECT_VALUE = """
            SELECT state_value FROM platform_state WHERE state_key = ?""";

    static final String UPDATE_VALUE = """
            UPDATE platform_state SET state_value = ? WHERE state_key = ?""";

    static final String INSERT_VALUE = """
            INSERT INTO platform_state (state_key, state_value) VALUES (?, ?)""";

    static final RowMapper<String> VALUE = row -> row.getString("state_value");

    private final Jdbc jdbc;

    public JdbcPlatformStateStore(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        return jdbc.queryOne(SELECT_VALUE, VALUE, key);
    }

    @Override
    public void put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        // update, else insert: portable across H2 and PostgreSQL (their upsert syntaxes differ); a concurrent
        // insert of the same key loses on the primary key and then updates
        jdbc.autoCommit(UPDATE_VALUE, session -> {
            if (session.update(UPDATE_VALUE, value, key) > 0) {
                return null;
            }
            try {
                session.update(INSERT_VALUE, key, value);
            } catch (SQLException e) {
                if (!Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
                session.update(UPDATE_VALUE, value, key);
            }
            return null;
        });
    }
}
