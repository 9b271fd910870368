package dev.cozebridge.store;

import java.util.Objects;
import java.util.Optional;

/** {@link PlatformStateStore} on the {@code platform_state} table. */
public final class JdbcPlatformStateStore implements PlatformStateStore {
    static final String SELECT_VALUE = """
            SELECT state_value FROM platform_state WHERE state_key = ?""";

    /** H2's MERGE ... KEY is an atomic upsert, so concurrent puts of one key cannot collide. */
    static final String UPSERT_VALUE = """
            MERGE INTO platform_state (state_key, state_value) KEY (state_key) VALUES (?, ?)""";

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
        jdbc.update(UPSERT_VALUE, key, value);
    }
}
