package dev.cozebridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A tiny JDBC layer: borrows a pooled connection per call or per transaction, binds parameters, maps rows, and
 * turns every {@link SQLException} into one {@link StoreException} naming what was being done.
 */
public final class Jdbc {

    /** Work inside one transaction; may throw {@link SQLException}, which rolls it back. */
    @FunctionalInterface
    public interface Work<T> {
        T run(JdbcSession session) throws SQLException;
    }

    private final DataSource dataSource;

    private volatile Database.Vendor vendor;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return autoCommit(sql, session -> session.query(sql, mapper, params));
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return autoCommit(sql, session -> session.queryOne(sql, mapper, params));
    }

    public int update(String sql, Object... params) {
        return autoCommit(sql, session -> session.update(sql, params));
    }

    public long insert(String sql, Object... params) {
        return autoCommit(sql, session -> session.insert(sql, params));
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T transaction(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(new JdbcSession(connection));
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} on one auto-committed connection. */
    public <T> T autoCommit(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(new JdbcSession(connection));
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** The database product behind this pool, read once from the driver. */
    public Database.Vendor vendor() {
        Database.Vendor known = vendor;
        if (known == null) {
            known = autoCommit("reading the database product", session -> session.vendor());
            vendor = known;
        }
        return known;
    }

    /** True when {@code e} (or a cause) violates a foreign key: SQLSTATE 23503, or H2's 23506. */
    public static boolean isForeignKeyViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && ("23503".equals(sql.getSQLState()) || "23506".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code e} (or a cause) is a unique-constraint violation, SQLSTATE 23505. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static StoreException failure(String what, SQLException e) {
        return new StoreException(
                "Database error (SQLSTATE " + e.getSQLState() + ") while running: " + firstLine(what) + " — "
                        + e.getMessage(),
                e);
    }

    private static String firstLine(String sql) {
        String trimmed = sql.strip().replaceAll("\\s+", " ");
        return trimmed.length() > 120 ? trimmed.substring(0, 117) + "..." : trimmed;
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
