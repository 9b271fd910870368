package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    /** The project version as the pom states it (the first {@code <version>} after the artifactId). */
    static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>coze-bridge</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("version in pom.xml").isTrue();
        return m.group(1);
    }

    @Test
    void withoutArgumentsItPrintsTheUsageAndExitsTwo() {
        var result = CliRunner.run(Map.of(), "");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEmpty();
        assertThat(result.out())
                .startsWith("Usage: coze-bridge")
                .contains("check")
                .contains("ask")
                .contains("chat")
                .contains("run");
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileOnceWithLineColumnAndFix(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("bots.yml");
        Files.writeString(config, "bots:\n\t- name: demo\n");

        var result = CliRunner.run(Map.of(), "", "check", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip())
                .isEqualTo(config + ": line 2, column 1: a tab character; YAML indents with spaces only, so replace "
                        + "the tab with spaces");
        var missing = CliRunner.run(
                Map.of(), "", "check", "--config", dir.resolve("nope.yml").toString());
        assertThat(missing.err().strip())
                .isEqualTo(dir.resolve("nope.yml") + ": file not found (copy the example bots.yml and edit it, or "
                        + "pass --config FILE)");
    }

    @Test
    void versionIsThePomVersionForTheToolAndEverySubcommand() throws IOException {
        String expected = "coze-bridge " + pomVersion();
        assertThat(CliRunner.run(Map.of(), "", "--version").out().strip()).isEqualTo(expected);
        for (String command : new String[] {"check", "ask", "chat", "run"}) {
            var result = CliRunner.run(Map.of(), "", command, "--version");
            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.out().strip()).as(command).isEqualTo(expected);
        }
    }
}
