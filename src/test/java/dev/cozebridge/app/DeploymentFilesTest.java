package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile, compose file and systemd unit, linted by reading (no Docker engine runs in the tests): pinned
 * bases, a non-root user, the data volume the config paths point into, and a health check.
 */
class DeploymentFilesTest {

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file));
    }

    @Test
    void theImageIsPinnedRunsAsNonRootKeepsDataInTheVolumeAndChecksItsHealth() throws IOException {
        String dockerfile = read("Dockerfile");
        Matcher release = Pattern.compile("(?m)^ARG TEMURIN=(\\S+)$").matcher(dockerfile);
        assertThat(release.find()).as("one pinned Temurin release").isTrue();
        assertThat(release.group(1)).matches("21\\.\\d+\\.\\d+_\\d+");
        List<String> froms =
                dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms)
                .hasSize(2)
                .allSatisfy(from -> assertThat(from)
                        .contains("eclipse-temurin:${TEMURIN}-")
                        .doesNotContain(":latest")
                        .contains("-noble"));
        assertThat(dockerfile)
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^VOLUME \\[\"/data\"]$")
                .containsPattern("(?m)^ENV " + "COZE_BRIDGE_DATA_DIR" + "=/data$")
                .containsPattern("(?m)^HEALTHCHECK .*")
                .contains("\"health\", \"--config\", \"/config/bots.yml\"")
                .contains("-XX:+ExitOnOutOfMemoryError");
        // the user must own the volume it writes to
        assertThat(dockerfile).contains("chown 10001:10001 /data");
    }

    @Test
    void theImageBuildCopiesEverySourceFolderThePomPackages() throws IOException {
        String dockerfile = read("Dockerfile");
        Matcher resource = Pattern.compile("<directory>([^<]+)</directory>").matcher(read("pom.xml"));
        int folders = 0;
        while (resource.find()) {
            String folder = resource.group(1).split("/")[0];
            folders++;
            // a folder missing from the build stage is missing from the jar, e.g. PostgreSQL's migration callback
            assertThat(dockerfile).as("Dockerfile copies " + folder).containsPattern("(?m)^COPY " + folder + " ");
        }
        assertThat(folders).as("resource folders in the pom").isGreaterThanOrEqualTo(3);
    }

    @Test
    void composeMountsTheConfigReadOnlyAndTheDataVolumeWithSecretsFromEnv() throws IOException {
        String compose = read("docker-compose.yml");
        assertThat(compose)
                .contains("./bots.yml:/config/bots.yml:ro")
                .contains("coze-bridge-data:/data")
                .contains("COZE_API_TOKEN: ${COZE_API_TOKEN:?");
        // what the example names as secrets can all be given through .env
        String example = read("bots.yml");
        Matcher env = Pattern.compile("(?m)^\\s*(?:#\\s*)?token_env: (\\w+)").matcher(example);
        while (env.find()) {
            assertThat(compose).contains(env.group(1) + ":");
        }
    }

    @Test
    void theSystemdUnitRunsAsItsOwnUserWithDataInTheStateDirectory() throws IOException {
        String unit = read("deploy/coze-bridge.service");
        assertThat(unit)
                .contains("User=coze-bridge")
                .contains("EnvironmentFile=/etc/coze-bridge/env")
                .contains("Environment=COZE_BRIDGE_DATA_DIR=/var/lib/coze-bridge")
                .contains("StateDirectory=coze-bridge")
                .contains("KillSignal=SIGTERM")
                .contains("RestartPreventExitStatus=" + Main.EXIT_CONFIG)
                .containsPattern("(?m)^ExecStart=.* -jar /opt/coze-bridge/coze-bridge.jar run --config "
                        + "/etc/coze-bridge/bots.yml$");
    }
}
