package dev.cozebridge.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;

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
    /** H2's online backup: a consistent zip of the database file, taken while it is in use. */
    private static final String BACKUP_TO = "BACKUP TO ?";

    private final JdbcConnectionPool pool;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(JdbcConnectionPool pool, String description) {
        this.pool = pool;
        this.description = description;
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
        url.fileParent().ifPresent(Database::createFolder);
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
            return new Database(pool, url.redacted());
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreException(openFailure(url, e), e);
        } catch (FlywayException e) {
            shutdown(pool);
            throw new StoreException(
                    "Could not bring the database schema at " + url.redacted() + " up to date: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            shutdown(pool);
            throw e;
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Writes a consistent copy of the database into the zip {@code target} (H2's {@code BACKUP}), while the
     * database stays in use. Restoring is unzipping it into the database's folder while coze-bridge is stopped.
     *
     * @throws StoreException when the database is in memory or the file cannot be written
     */
    public void backupTo(Path target) {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(BACKUP_TO)) {
            statement.setString(1, target.toAbsolutePath().toString());
            statement.execute();
        } catch (SQLException e) {
            throw new StoreException("Could not back up " + description + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** The database file ({@code coze-bridge.mv.db}) a URL names, or empty for an in-memory database. */
    public static Optional<Path> dataFile(String jdbcUrl) {
        H2Url url = H2Url.parse(jdbcUrl);
        return url.fileParent().map(folder -> folder.resolve(url.fileName() + ".mv.db"));
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
            shutdown(pool);
        }
    }

    @Override
    public String toString() {
        return "Database[" + description + "]";
    }

    private static void shutdown(JdbcConnectionPool pool) {
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(SHUTDOWN);
        } catch (SQLException e) {
            // SHUTDOWN closes the session it ran on; a failure here leaves nothing more to release
        } finally {
            pool.dispose();
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StoreException(
                    "Cannot create the database folder " + folder.toAbsolutePath() + " ("
                            + e.getClass().getSimpleName()
                            + "): point database.url at a folder this user may write to; a relative path is in "
                            + "the config file's folder, or in COZE_BRIDGE_DATA_DIR when set (the container image "
                            + "sets it to its /data volume)",
                    e);
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
