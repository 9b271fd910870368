package dev.cozebridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cozebridge.config.DatabaseSettings;
import dev.cozebridge.config.PostgresUrl;
import dev.cozebridge.config.Secret;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** PostgreSQL as the store: the same migrations, a pool, and URLs checked before the driver sees them. */
class PostgresDatabaseTest {

    @Test
    void theSameMigrationsRunAndTheSchemaIsComplete() throws Exception {
        try (Database db = Database.open(new DatabaseSettings(TestDatabases.freshPostgres(), "postgres", null))) {
            assertThat(db.ping()).isTrue();
            assertThat(db.vendor()).isEqualTo(Database.Vendor.POSTGRESQL);
            assertThat(new Jdbc(db.dataSource()).vendor()).isEqualTo(Database.Vendor.POSTGRESQL);
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rows =
                            s.executeQuery("SELECT data_type FROM information_schema.columns WHERE table_name = 'turns'"
                                    + " AND column_name = 'text'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("character varying");
            }
        }
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsData() {
        String url = TestDatabases.freshPostgres();
        try (Database db = Database.open(new DatabaseSettings(url, "postgres", null))) {
            new JdbcPlatformStateStore(new Jdbc(db.dataSource())).put("k", "v");
        }
        try (Database db = Database.open(new DatabaseSettings(url, "postgres", null))) {
            assertThat(new JdbcPlatformStateStore(new Jdbc(db.dataSource())).get("k"))
                    .contains("v");
        }
    }

    @Test
    void settingsThatLoadClassesOrCarrySecretsAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> Database.open(new DatabaseSettings(
                        "jdbc:postgresql://db:5432/bridge?socketFactory=java.io.FileOutputStream", null, null)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("'socketFactory' is not supported");
        assertThatThrownBy(() -> Database.open(
                        new DatabaseSettings("jdbc:postgresql://db:5432/bridge?password=hunter2", null, null)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("password_env")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() ->
                        Database.open(new DatabaseSettings("jdbc:postgresql://bob:hunter2@db:5432/bridge", null, null)))
                .isInstanceOf(StoreException.class)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Database.open(new DatabaseSettings("jdbc:postgresql:bridge", null, null)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql://HOST:PORT/DATABASE");
        assertThat(PostgresUrl.parse("jdbc:postgresql://db:5432/bridge?sslmode=verify-full&ApplicationName=cb")
                        .redacted())
                .isEqualTo("jdbc:postgresql://db:5432/bridge");
    }

    @Test
    void aWrongPasswordOrAnUnreachableServerIsOneReadableSentenceWithoutTheSecret() {
        String url = TestDatabases.freshPostgres();
        // embedded PostgreSQL trusts local connections, so a wrong user is the refusal we can provoke
        assertThatThrownBy(() -> Database.open(new DatabaseSettings(url, "nobody", new Secret("hunter2"))))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot open the database jdbc:postgresql://localhost:")
                .hasMessageNotContaining("hunter2");
    }
}
