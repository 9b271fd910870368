package dev.cozebridge.store;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import java.nio.file.Path;
import java.time.Instant;

/** A real H2 file database in a test's temporary folder, migrated by the real migrations. */
final class StoreFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    static final Author ALICE = new Author("u-1", "Alice");
    static final ConversationKey KEY = new ConversationKey("helper", "discord", "channel-1");

    final String url;
    Database database;
    JdbcHistoryStore history;

    StoreFixture(Path dir) {
        this.url = "jdbc:h2:file:" + dir.resolve("db/bridge");
        open();
    }

    void open() {
        database = Database.open(url);
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
