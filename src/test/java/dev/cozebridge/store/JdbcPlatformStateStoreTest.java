package dev.cozebridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class JdbcPlatformStateStoreTest {
    @Parameter
    TestDatabases.Kind kind;

    @TempDir
    Path dir;

    @Test
    void putGetOverwriteAndSurviveRestart() {
        try (StoreFixture fx = new StoreFixture(kind, dir)) {
            PlatformStateStore state = new JdbcPlatformStateStore(new Jdbc(fx.database.dataSource()));
            assertThat(state.get("telegram.helper.offset")).isEmpty();

            state.put("telegram.helper.offset", "100");
            state.put("telegram.other.offset", "7");
            assertThat(state.get("telegram.helper.offset")).contains("100");

            state.put("telegram.helper.offset", "101");
            assertThat(state.get("telegram.helper.offset")).contains("101");
            assertThat(state.get("telegram.other.offset")).contains("7");

            fx.reopen();
            PlatformStateStore reopened = new JdbcPlatformStateStore(new Jdbc(fx.database.dataSource()));
            assertThat(reopened.get("telegram.helper.offset")).contains("101");
        }
    }
}
