package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.ConfigLoader;
import dev.cozebridge.config.PostgresUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Test
    void thePostgresComposeRunsTwoReplicasSharingTheDatabaseAndTheWebhookSecretBehindTls() throws Exception {
        JsonNode services = new ObjectMapper(new YAMLFactory())
                .readTree(read("docker-compose.postgres.yml"))
                .get("services");
        assertThat(services).as("the compose file parses and has services").isNotNull();
        List<String> replicas = new ArrayList<>();
        services.fieldNames().forEachRemaining(name -> {
            if (text(services.get(name).get("volumes")).contains("./deploy/bots.postgres.yml:/config/bots.yml:ro")) {
                replicas.add(name);
            }
        });
        assertThat(replicas).as("bridge replicas on the shared config").hasSize(2);
        JsonNode first = services.get(replicas.get(0));
        JsonNode second = services.get(replicas.get(1));
        assertThat(first.get("environment")).isEqualTo(second.get("environment"));
        assertThat(first.get("hostname").asText())
                .as("distinct host names, so distinct lease owners")
                .isNotEqualTo(second.get("hostname").asText());

        // the config both mount, loaded as the bridge loads it with only the environment the replicas get (so it
        // needs nothing else), each variable standing for its own name; a bot token must look like one
        JsonNode environment = first.get("environment");
        java.util.Map<String, String> env = new java.util.HashMap<>();
        environment.fieldNames().forEachRemaining(name -> env.put(name, "env-" + name));
        env.put("TELEGRAM_BOT_TOKEN", "123456:env-token");
        BridgeConfig config = new ConfigLoader(env::get).load(Path.of("deploy/bots.postgres.yml"));
        PostgresUrl url = PostgresUrl.parse(config.database().url()); // host:port
        JsonNode postgres = services.get(url.host().split(":")[0]);
        assertThat(postgres)
                .as("the database host is a service of the compose file")
                .isNotNull();
        assertThat(config.database().user())
                .isEqualTo(postgres.get("environment").get("POSTGRES_USER").asText());
        String passwordEnv = config.database().password().reveal().substring("env-".length());
        assertThat(environment.get(passwordEnv).asText())
                .as("the bridges' database password is the server's")
                .isEqualTo(postgres.get("environment").get("POSTGRES_PASSWORD").asText());
        BridgeConfig.InstanceSettings instance = config.instance();
        assertThat(instance.name())
                .as("no fixed name: each replica names itself")
                .isNull();
        String secretEnv =
                config.bots().getFirst().telegram().webhook().secret().reveal().substring("env-".length());
        assertThat(environment.get(secretEnv).asText()).startsWith("${" + secretEnv + ":?");
        assertThat(config.bots().getFirst().telegram().webhook().url()).startsWith("https://");

        // the TLS proxy sends to both replicas on the port the config serves, and only to ready ones
        String caddyfile = read("deploy/Caddyfile");
        int port = config.http().port();
        assertThat(caddyfile)
                .contains("reverse_proxy " + replicas.get(0) + ":" + port + " " + replicas.get(1) + ":" + port)
                .contains("health_uri /readyz");
        assertThat(text(services.get("caddy").get("volumes"))).contains("./deploy/Caddyfile:/etc/caddy/Caddyfile:ro");
    }

    private static String text(JsonNode node) {
        return node == null ? "" : node.toString();
    }
}
