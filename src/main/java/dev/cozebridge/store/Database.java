package dev.cozebridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.cozebridge.config.DatabaseSettings;
import dev.cozebridge.config.PostgresUrl;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
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
import org.h2.jdbcx.JdbcDataSource;

/**
 * The history database: H2 (embedded, one process; the default) or PostgreSQL (several bridge instances can
 * share it). Both are migrated by Flyway from the same {@code classpath:db} migrations on open. Thread-safe.
 * Closing an H2 database shuts H2 down cleanly, so the file can be reopened at once.
 */
public final class Database implements AutoCloseable {

    /** Which SQL dialect a query may rely on where the portable subset is not enough (locks, leases). */
    public enum Vendor {
        H2,
        POSTGRESQL
    }

    /** Enough for one worker per busy conversation plus adapters; H2 serialises writes internally anyway. */
    static final int MAX_CONNECTIONS = 16;
    /**
     * PostgreSQL serves every instance: each one keeps at most this many connections (PostgreSQL's default
     * max_connections of 100 leaves room for several instances and an operator's psql).
     */
    static final int MAX_POSTGRES_CONNECTIONS = 20;

    private static final String USER = "sa";
    private static final String PASSWORD = "";
    private static final int PING_TIMEOUT_SECONDS = 2;
    private static final String SHUTDOWN = "SHUTDOWN";
    /** H2's online backup: a consistent zip of the database file, taken while it is in use. */
    private static final String BACKUP_TO = "BACKUP TO ?";
    /** Callbacks only PostgreSQL needs (see the files there for why). */
    private static final String POSTGRES_CALLBACKS = "classpath:db-postgresql";

    private final DataSource dataSource;
    private final Vendor vendor;
    private final Runnable closer;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(DataSource dataSource, Vendor vendor, Runnable closer, String description) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.closer = closer;
        this.description = description;
    }

    /** Opens the database the settings name and brings its schema up to date. */
    public static Database open(DatabaseSettings settings) {
        return settings.postgres() ? openPostgres(settings) : open(settings.url());
    }

    /**
     * Opens (creating if needed) the H2 database at {@code jdbcUrl} and brings its schema up to date. For a file
     * database the parent folder is created on first run.
     *
     * @throws StoreException with a readable message when the URL is not H2, the file is locked by another
     *                        process, the folder cannot be created, or a migration fails
     */
    public static Database open(String jdbcUrl) {
        if (new DatabaseSettings(jdbcUrl == null ? "" : jdbcUrl.strip()).postgres()) {
            return openPostgres(new DatabaseSettings(jdbcUrl.strip()));
        }
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
            migrate(pool, url.redacted());
            return new Database(pool, Vendor.H2, () -> shutdown(pool, url), url.redacted());
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreException(openFailure(url, e), e);
        } catch (RuntimeException e) {
            shutdown(pool, url);
            throw e;
        }
    }

    private static Database openPostgres(DatabaseSettings settings) {
        PostgresUrl url;
        try {
            url = PostgresUrl.parse(settings.url());
        } catch (IllegalArgumentException e) {
            throw new StoreException(e.getMessage(), null);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.url());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password().reveal());
        }
        config.setMaximumPoolSize(MAX_POSTGRES_CONNECTIONS);
        config.setMinimumIdle(2);
        config.setPoolName("coze-bridge");
        // a database that is down or refuses us at start is reported at once (one attempt), not after retries
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException("Cannot open the database " + url.redacted() + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db", POSTGRES_CALLBACKS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return new Database(pool, Vendor.POSTGRESQL, pool::close, url.redacted());
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException(
                    "Could not bring the database schema at " + url.redacted() + " up to date: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static void migrate(DataSource pool, String where) {
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException(
                    "Could not bring the database schema at " + where + " up to date: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Vendor vendor() {
        return vendor;
    }

    /**
     * Writes a consistent copy of the database into the zip {@code target} (H2's {@code BACKUP}), while the
     * database stays in use. Restoring is unzipping it into the database's folder while coze-bridge is stopped.
     *
     * @throws StoreException when the database is PostgreSQL (pg_dump backs it up), in memory, or the file cannot
     *                        be written
     */
    public void backupTo(Path target) {
        if (vendor != Vendor.H2) {
            throw new StoreException("the database is PostgreSQL; back it up with pg_dump", null);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(BACKUP_TO)) {
            statement.setString(1, target.toAbsolutePath().toString());
            statement.execute();
        } catch (SQLException e) {
            throw new StoreException("Could not back up " + description + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The H2 database file ({@code coze-bridge.mv.db}) a URL names, or empty for an in-memory or a PostgreSQL
     * database.
     */
    public static Optional<Path> dataFile(String jdbcUrl) {
        if (new DatabaseSettings(jdbcUrl.strip()).postgres()) {
            return Optional.empty();
        }
        H2Url url = H2Url.parse(jdbcUrl);
        return url.fileParent().map(folder -> folder.resolve(url.fileName() + ".mv.db"));
    }

    /** True when a connection can be borrowed and answers; false after close or on any failure. */
    public boolean ping() {
        if (closed.get()) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(PING_TIMEOUT_SECONDS);
        } catch (SQLException | IllegalStateException e) {
            return false;
        }
    }

    /** Releases the pool; H2 is shut down too (flushing and releasing the file). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closer.run();
        }
    }

    @Override
    public String toString() {
        return "Database[" + description + "]";
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
