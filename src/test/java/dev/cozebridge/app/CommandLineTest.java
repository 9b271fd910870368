package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
