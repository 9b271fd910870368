package dev.cozebridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cozebridge.config.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void openCreatesTheFolderAndAppliesTheMigrations() throws Exception {
        Path folder = dir.resolve("nested/data");
        assertThat(folder).doesNotExist();

        try (Database db = Database.open("jdbc:h2:file:" + folder.resolve("bridge"))) {
            assertThat(folder).isDirectory();
            assertThat(folder.resolve("bridge.mv.db")).exists();
            assertThat(db.ping()).isTrue();
            assertThat(tables(db))
                    .contains(
                            "CONVERSATIONS",
                            "TURNS",
                            "TURN_MESSAGES",
                            "TURN_CITATIONS",
                            "RESETS",
                            "PLATFORM_STATE",
                            "flyway_schema_history");
        }
    }

    @Test
    void closeReleasesTheFileSoItReopensWithItsData() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("bridge");
        Database first = Database.open(url);
        new JdbcPlatformStateStore(new Jdbc(first.dataSource())).put("offset", "41");
        first.close();
        first.close();

        assertThat(first.ping()).isFalse();
        // the lock file H2 keeps while a database is open is gone after a clean shutdown
        assertThat(dir.resolve("bridge.lock.db")).doesNotExist();
        // and a clean shutdown leaves no error (such as "Database is already closed") in H2's trace file
        assertThat(dir.resolve("bridge.trace.db")).doesNotExist();
        try (Database second = Database.open(url)) {
            assertThat(second.ping()).isTrue();
            assertThat(new JdbcPlatformStateStore(new Jdbc(second.dataSource())).get("offset"))
                    .contains("41");
        }
    }

    @Test
    void addsCloseOnExitButKeepsTheOperatorsSettings() {
        assertThat(H2Url.parse("jdbc:h2:file:./data/x").effectiveUrl())
                .isEqualTo("jdbc:h2:file:./data/x;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(H2Url.parse("jdbc:h2:./x;db_close_on_exit=TRUE;WRITE_DELAY=500")
                        .effectiveUrl())
                .isEqualTo("jdbc:h2:./x;db_close_on_exit=TRUE;WRITE_DELAY=500");
        assertThat(H2Url.parse("jdbc:h2:mem:t").effectiveUrl())
                .isEqualTo("jdbc:h2:mem:t;DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=-1");
        assertThat(H2Url.parse(DatabaseSettings.DEFAULT_URL).fileParent())
                .contains(Path.of("data").toAbsolutePath());
        assertThat(H2Url.parse("jdbc:h2:~/bridge").fileParent())
                .contains(Path.of(System.getProperty("user.home")).toAbsolutePath());
    }

    @Test
    void inMemoryDatabaseWorksAndShutsDown() {
        try (Database db = Database.open("jdbc:h2:mem:database-test")) {
            new JdbcPlatformStateStore(new Jdbc(db.dataSource())).put("k", "v");
            assertThat(new JdbcPlatformStateStore(new Jdbc(db.dataSource())).get("k"))
                    .contains("v");
        }
        try (Database db = Database.open("jdbc:h2:mem:database-test")) {
            assertThat(new JdbcPlatformStateStore(new Jdbc(db.dataSource())).get("k"))
                    .isEmpty();
        }
    }

    @Test
    void rejectsUrlsItCannotServeWithAReadableMessage() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://db/bridge?password=hunter2"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("use an H2 file")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Database.open("jdbc:h2:tcp://localhost/x;PASSWORD=hunter2"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("embedded file")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Database.open(" "))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Database.open("jdbc:h2:file:" + dir.resolve("x") + ";NO_SUCH_SETTING=1"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the H2 setting NO_SUCH_SETTING is not allowed");
        assertThatThrownBy(() -> Database.open("jdbc:h2:file:" + dir.resolve("x") + ";INIT=RUNSCRIPT FROM 'x.sql'"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the H2 setting INIT is not allowed")
                .hasMessageNotContaining("x.sql");
        assertThat(dir.resolve("x.mv.db")).doesNotExist();
    }

    @Test
    void aFolderThatCannotBeWrittenIsAReadableErrorBeforeH2OpensIt() {
        // /sys refuses new files even to root; where it does not exist the folder cannot be created at all.
        assertThatThrownBy(() -> Database.open("jdbc:h2:file:/sys/coze-bridge-test"))
                .isInstanceOf(StoreException.class)
                .hasMessageMatching("Cannot (write to|create) the database folder /sys.*");
        assertThat(Path.of("/sys/coze-bridge-test.trace.db")).doesNotExist();
    }

    @Test
    void aFolderThatCannotBeCreatedIsAReadableError() throws Exception {
        Path blocker = Files.writeString(dir.resolve("plain-file"), "not a folder");
        assertThatThrownBy(() -> Database.open("jdbc:h2:file:" + blocker.resolve("db/bridge")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot create the database folder");
    }

    private static List<String> tables(Database db) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
