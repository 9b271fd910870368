package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./coze-bridge} launcher as a new user meets it: before a build, with only Java 17, and built. */
class LauncherIT {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(Path launcher, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        String[] command = new String[args.length + 2];
        command[0] = "sh";
        command[1] = launcher.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A copy of the launcher and the JDK picker in a folder of its own, as a fresh checkout has them. */
    private Path checkout() throws IOException {
        Files.createDirectories(dir.resolve(".mvn"));
        Files.copy(Path.of("coze-bridge"), dir.resolve("coze-bridge"));
        Files.copy(Path.of(".mvn/select-jdk.sh"), dir.resolve(".mvn/select-jdk.sh"));
        return dir.resolve("coze-bridge");
    }

    @Test
    void theBuiltLauncherPrintsThePomVersion() throws Exception {
        Run run = run(Path.of("coze-bridge"), Map.of(), "--version");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("coze-bridge " + CommandLineTest.pomVersion());
    }

    @Test
    void beforeABuildItSaysHowToBuild() throws Exception {
        Run run = run(checkout(), Map.of(), "--version");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("target/coze-bridge.jar does not exist yet")
                .contains("./mvnw -B -q package -DskipTests")
                .doesNotContain("Unable to access jarfile");
    }

    @Test
    void withOnlyJava17ItSaysWhatToInstall() throws Exception {
        Path launcher = checkout();
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/coze-bridge.jar"), "");
        // a Java 17 that only answers the version probe, and no other JVM installed
        Path java17 = dir.resolve("jdk-17");
        Files.createDirectories(java17.resolve("bin"));
        Path java = java17.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("no-jvms"));

        Run run = run(
                launcher,
                Map.of(
                        "JAVA_HOME",
                        java17.toString(),
                        "COZE_BRIDGE_JVM_ROOT",
                        dir.resolve("no-jvms").toString()),
                "--version");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("needs Java 21 or newer")
                .contains("is Java 17")
                .contains("openjdk-21-jre-headless")
                .doesNotContain("UnsupportedClassVersionError");
    }
}
