package dev.cozebridge.store;

import dev.cozebridge.config.DatabaseSettings;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import java.nio.file.Path;
import java.time.Instant;

/** A real database (an H2 file in the test's folder, or PostgreSQL), migrated by the real migrations. */
final class StoreFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    static final Author ALICE = new Author("u-1", "Alice");
    static final ConversationKey KEY = new ConversationKey("helper", "discord", "channel-1");

    final String url;
    final TestDatabases.Kind kind;
    Database database;
    JdbcHistoryStore history;

    StoreFixture(Path dir) {
        this(TestDatabases.Kind.H2, dir);
    }

    StoreFixture(TestDatabases.Kind kind, Path dir) {
        this.kind = kind;
        this.url = TestDatabases.freshUrl(kind, dir);
        open();
    }

    void open() {
        database = Database.open(
                new DatabaseSettings(url, kind == TestDatabases.Kind.POSTGRESQL ? "postgres" : null, null));
        history = new JdbcHistoryStore(new Jdbc(database.dataSource()));
    }

    void reopen() {
        database.close();
        open();
    }

    @Override
    public void close() {
        database.close();
    }
}
