package dev.cozebridge.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/** {@link DeliveryLedger} on the {@code deliveries} table: the primary key decides who was first. */
public final class JdbcDeliveryLedger implements DeliveryLedger {

    static final String INSERT_DELIVERY = """
            INSERT INTO deliveries (source, delivery_id, seen_at) VALUES (?, ?, ?)""";

    static final String DELETE_ONE = """
            DELETE FROM deliveries WHERE source = ? AND delivery_id = ?""";

    static final String DELETE_OLD = """
            DELETE FROM deliveries WHERE seen_at < ?""";

    private final Jdbc jdbc;

    public JdbcDeliveryLedger(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    @Override
    public boolean firstDelivery(String source, String id, Instant at) {
        return jdbc.autoCommit(INSERT_DELIVERY, session -> {
            try {
                session.update(INSERT_DELIVERY, source, id, at);
                return true;
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public void forget(String source, String id) {
        jdbc.update(DELETE_ONE, source, id);
    }

    @Override
    public int forgetBefore(Instant before) {
        return jdbc.update(DELETE_OLD, before);
    }
}
