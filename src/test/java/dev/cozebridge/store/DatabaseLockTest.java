package dev.cozebridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseLockTest {
    @TempDir
    Path dir;

    @Test
    void aFileHeldByAnotherProcessIsAReadableErrorAndOpensOnceReleased() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("bridge");
        try (Database created = Database.open(url)) {
            assertThat(created.ping()).isTrue();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> Database.open(url))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("is locked by another process")
                    .hasMessageContaining("another coze-bridge");
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Database reopened = Database.open(url)) {
            assertThat(reopened.ping()).isTrue();
        }
    }
}
