package dev.cozebridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code database}: an H2 file by default, PostgreSQL with a user and a password from the environment. */
class DatabaseConfigTest {

    private final ConfigLoader loader =
            new ConfigLoader(Map.of("COZE_API_TOKEN", "pat_x", "PGPASSWORD_BRIDGE", "s3cret")::get);

    @Test
    void postgresTakesAUserAndAPasswordFromTheEnvironment() throws Exception {
        BridgeConfig config = load("""
                database:
                  url: jdbc:postgresql://db:5432/bridge
                  user: bridge
                  password_env: PGPASSWORD_BRIDGE
                bots:
                  - name: demo
                    coze: {bot_id: "1"}
                """);
        assertThat(config.database().postgres()).isTrue();
        assertThat(config.database().user()).isEqualTo("bridge");
        assertThat(config.database().password().reveal()).isEqualTo("s3cret");
        assertThat(config.database().toString()).doesNotContain("s3cret");
    }

    @Test
    void h2NeedsNoCredentialsAndAnInlinePasswordIsRefused() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                database:
                  url: jdbc:h2:file:./data/x
                  user: sa
                  password: hunter2
                bots:
                  - name: demo
                    coze: {bot_id: "1"}
                """));
        assertThat(e.problems())
                .contains("database.user: user and password_env are for PostgreSQL; H2 files need neither")
                .anyMatch(p -> p.startsWith("database.password: inline secrets are not allowed"));
        assertThat(String.join("\n", e.problems())).doesNotContain("hunter2");
    }

    @Test
    void aPasswordVariableThatIsNotSetIsNamed() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                database:
                  url: jdbc:postgresql://db:5432/bridge
                  user: bridge
                  password_env: NOT_SET_ANYWHERE
                bots:
                  - name: demo
                    coze: {bot_id: "1"}
                """));
        assertThat(e.problems()).contains("database.password_env: environment variable NOT_SET_ANYWHERE is not set");
    }

    @Test
    void aPostgresUrlThatLoadsClassesOrCarriesAPasswordFailsTheCheckWithoutEchoingIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
                database:
                  url: "jdbc:postgresql://db:5432/bridge?socketFactory=x.Y&password=hunter2"
                bots:
                  - name: demo
                    coze: {bot_id: "1"}
                """));
        assertThat(e.problems())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("database.url: ").doesNotContain("hunter2"));
    }

    private BridgeConfig load(String yaml) throws ConfigException {
        return loader.load(Path.of("bots.yml"), new StringReader(yaml));
    }
}
