package dev.cozebridge.app;

import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.ConfigException;
import dev.cozebridge.config.ConfigLoader;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The shared {@code --config FILE} option and how commands load and report it. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "bots.yml",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path file;

    /** Loads the file; on problems prints each one to {@code err} and returns empty (exit code 2 follows). */
    Optional<BridgeConfig> load(Function<String, String> environment, PrintStream err) {
        try {
            return Optional.of(new ConfigLoader(environment).load(file));
        } catch (ConfigException e) {
            for (String problem : e.problems()) {
                err.println(file + ": " + problem);
            }
            return Optional.empty();
        }
    }

    /** The named bot, or a one-line problem naming the configured ones. */
    static Optional<BotSettings> bot(BridgeConfig config, String name, PrintStream err) {
        Optional<BotSettings> bot = config.bot(name);
        if (bot.isEmpty()) {
            err.println(config.file() + ": no bot named '" + name + "'; configured: "
                    + config.bots().stream().map(BotSettings::name).collect(Collectors.joining(", ")));
        }
        return bot;
    }
}
