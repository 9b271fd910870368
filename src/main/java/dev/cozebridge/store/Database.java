package dev.cozebridge.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The H2 database: a small connection pool, migrated by Flyway from {@code classpath:db} on open. Thread-safe.
 * Closing it shuts H2 down cleanly, so the file can be reopened at once (by this or another process).
 */
public final class Database implements AutoCloseable {
    /** Enough for one worker per busy conversation plus adapters; H2 serialises writes internally anyway. */
    static final int MAX_CONNECTIONS = 16;

    private static final String USER = "sa";
    private static final String PASSWORD = "";
    private static final int PING_TIMEOUT_SECONDS = 2;
    private static final String SHUTDOWN = "SHUTDOWN";

    private final JdbcConnectionPool pool;
    private final H2Url url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(JdbcConnectionPool pool, H2Url url) {
        this.pool = pool;
        this.url = url;
    }

    /**
     * Opens (creating if needed) the H2 database at {@code jdbcUrl} and brings its schema up to date. For a file
     * database the parent folder is created on first run.
     *
     * @throws StoreException with a readable message when the URL is not H2, the file is locked by another
     *                        process, the folder cannot be created, or a migration fails
     */
    public static Database open(String jdbcUrl) {
        H2Url url = H2Url.parse(jdbcUrl);
        url.fileParent().ifPresent(folder -> {
            createFolder(folder);
            // Checked before H2 opens the file: H2 would print its own stack trace to the console.
            probeWritable(folder);
        });
        JdbcConnectionPool pool = JdbcConnectionPool.create(url.effectiveUrl(), USER, PASSWORD);
        pool.setMaxConnections(MAX_CONNECTIONS);
        try {
            try (Connection probe = pool.getConnection()) {
                probe.isValid(PING_TIMEOUT_SECONDS);
            }
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return new Database(pool, url);
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreException(openFailure(url, e), e);
        } catch (FlywayException e) {
            shutdown(pool, url);
            throw new StoreException(
                    "Could not bring the database schema at " + url.redacted() + " up to date: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            shutdown(pool, url);
            throw e;
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** True when a connection can be borrowed and answers; false after close or on any failure. */
    public boolean ping() {
        if (closed.get()) {
            return false;
        }
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(PING_TIMEOUT_SECONDS);
        } catch (SQLException | IllegalStateException e) {
            return false;
        }
    }

    /** Shuts H2 down (flushing and releasing the file) and closes the pool. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            shutdown(pool, url);
        }
    }

    @Override
    public String toString() {
        return "Database[" + url.redacted() + "]";
    }

    /**
     * Runs SHUTDOWN on a connection of its own, outside the pool: a pooled connection rolls back when it is handed
     * back, and after SHUTDOWN that rollback fails with "Database is already closed", a stack trace in H2's trace
     * file on every clean stop. The pool's idle connections are closed by the shutdown already.
     */
    private static void shutdown(JdbcConnectionPool pool, H2Url url) {
        JdbcDataSource direct = new JdbcDataSource();
        direct.setURL(url.effectiveUrl());
        direct.setUser(USER);
        direct.setPassword(PASSWORD);
        try (Connection connection = direct.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(SHUTDOWN);
        } catch (SQLException e) {
            // SHUTDOWN closes the session it ran on; a failure here leaves nothing more to release
        } finally {
            pool.dispose();
        }
    }

    private static void probeWritable(Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, ".coze-bridge-write-check", ".tmp"));
        } catch (IOException e) {
            String reason = e instanceof AccessDeniedException
                    ? "permission denied"
                    : e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.toString();
            throw new StoreException(
                    "Cannot write to the database folder " + folder.toAbsolutePath() + " (" + reason + "); give the "
                            + "user running coze-bridge write access to it, or point database.url elsewhere",
                    e);
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StoreException(
                    "Cannot create the database folder " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static String openFailure(H2Url url, SQLException e) {
        // H2's error code for "Database may be already in use"
        if (e.getErrorCode() == 90020) {
            return "The database " + url.redacted() + " is locked by another process"
                    + " (is another coze-bridge running on the same file?)";
        }
        return "Cannot open the database " + url.redacted() + ": " + e.getMessage();
    }
}
