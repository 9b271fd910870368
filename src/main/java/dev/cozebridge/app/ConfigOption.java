package dev.cozebridge.app;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.ConfigException;
import dev.cozebridge.config.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The shared {@code --config FILE} option and how commands load and report it. */
final class ConfigOption {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = "bots.yml",
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

    /** The config and the named bot in it; on any problem it has been reported and the result is empty. */
    Optional<BotSelection> loadBot(String name, Function<String, String> environment, PrintStream err) {
        return load(environment, err).flatMap(config -> bot(config, name, err).map(b -> new BotSelection(config, b)));
    }

    record BotSelection(BridgeConfig config, BotSettings bot) {}

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
