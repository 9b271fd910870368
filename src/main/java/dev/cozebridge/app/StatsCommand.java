package dev.cozebridge.app;

import dev.cozebridge.config.BridgeConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description =
                "Conversations, messages (questions and answers) and the last activity in the history database, per bot and platform "
                        + "(also while `run` is running).")
final class StatsCommand implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    ConfigOption config;

    StatsCommand(Main.Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        Optional<BridgeConfig> loaded = config.load(terminal.environment(), terminal.err());
        if (loaded.isEmpty()) {
            return Main.EXIT_CONFIG;
        }
        return DatabaseTask.run(loaded.get(), terminal, "stats", Maintenance::stats)
                .map(lines -> {
                    lines.forEach(terminal.out()::println);
                    return 0;
                })
                .orElse(Main.EXIT_COZE_FAILED);
    }
}
