package dev.cozebridge.store;

import static dev.cozebridge.store.StoreFixture.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.core.TurnStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database created by the released V1 keeps its history when {@link Database#open} migrates it. */
class MigrationTest {
    @TempDir
    Path dir;

    @Test
    void aVersionOneDatabaseUpgradesWithItsTurns() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("bridge");
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db")
                .target("1")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO conversations (id, bot, platform, scope, created_at)"
                    + " VALUES (1, 'helper', 'discord', 'channel-1', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00Z')");
            s.execute("INSERT INTO turns (conversation_id, role, author_id, author_name, text, status,"
                    + " platform_message_id, created_at)"
                    + " VALUES (1, 'USER', 'u-1', 'Alice', 'from v1', 'COMPLETE', 'm-1',"
                    + " TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00Z')");
            s.execute("SHUTDOWN");
        }

        try (Database db = Database.open(url)) {
            JdbcHistoryStore store = new JdbcHistoryStore(new Jdbc(db.dataSource()));
            assertThat(store.window(KEY, 10, 1000)).singleElement().satisfies(t -> {
                assertThat(t.text()).isEqualTo("from v1");
                assertThat(t.status()).isEqualTo(TurnStatus.COMPLETE);
            });
            assertThat(store.appendUserTurn(KEY, StoreFixture.ALICE, "again", "m-1", StoreFixture.T0))
                    .isEmpty();
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet column = s.executeQuery("SELECT data_type, character_maximum_length, is_nullable"
                            + " FROM information_schema.columns WHERE table_name = 'TURNS' AND column_name = 'TEXT'")) {
                assertThat(column.next()).isTrue();
                assertThat(column.getString(1)).isEqualTo("CHARACTER VARYING");
                assertThat(column.getLong(2)).isEqualTo(JdbcHistoryStore.MAX_TEXT_CHARS);
                assertThat(column.getString(3)).isEqualTo("NO");
            }
        }
    }
}
