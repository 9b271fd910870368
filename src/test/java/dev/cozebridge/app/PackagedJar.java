package dev.cozebridge.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The fat jar {@code package} built, started as its own process the way a user starts it ({@code java -jar
 * coze-bridge.jar run --config FILE}), for the *IT classes failsafe runs after packaging. Its console (stdout and
 * stderr) is appended to one log file, so the output of a restarted process follows the previous one's.
 */
final class PackagedJar {
    private static final Path JAR = Path.of("target/coze-bridge.jar");

    private PackagedJar() {}

    /** A builder for {@code run --config config} with {@code env} added to this JVM's environment. */
    static ProcessBuilder run(Path config, Path log, Map<String, String> env) {
        return command(log, env, "run", "--config", config.toString());
    }

    /** A builder for {@code java -jar coze-bridge.jar args...}, the console appended to {@code log}. */
    static ProcessBuilder command(Path log, Map<String, String> env, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String[] line = new String[args.length + 3];
        line[0] = java;
        line[1] = "-jar";
        line[2] = JAR.toAbsolutePath().toString();
        System.arraycopy(args, 0, line, 3, args.length);
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the test run's own log level must not leak into a process whose output a test reads
        builder.environment().remove("COZE_BRIDGE_LOG_LEVEL");
        builder.environment().putAll(env);
        return builder;
    }

    /** Keeps a bridge log past the test's temporary folder, under target/it-logs, for whoever reads a failure. */
    static void keepLog(Path log, String name) throws IOException {
        if (Files.exists(log)) {
            Path kept = Path.of("target/it-logs");
            Files.createDirectories(kept);
            Files.copy(log, kept.resolve(name + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
