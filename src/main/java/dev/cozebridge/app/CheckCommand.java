package dev.cozebridge.app;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.BridgeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Validate the configuration (keys, values, referenced environment variables) and exit.")
final class CheckCommand implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    ConfigOption config;

    CheckCommand(Main.Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        var loaded = config.load(terminal.environment(), terminal.err());
        if (loaded.isEmpty()) {
            return Main.EXIT_CONFIG;
        }
        BridgeConfig cfg = loaded.get();
        terminal.out().println(cfg.file() + ": OK, " + cfg.bots().size() + " bot(s)");
        for (BotSettings bot : cfg.bots()) {
            List<String> parts = new ArrayList<>();
            if (bot.discord() != null) {
                parts.add("discord");
            }
            if (bot.telegram() != null) {
                parts.add("telegram");
            }
            terminal.out()
                    .println("  " + bot.name() + ": Coze bot " + bot.botId() + " at "
                            + bot.coze().baseUrl()
                            + (parts.isEmpty() ? "" : ", platforms: " + String.join(", ", parts)));
        }
        if (cfg.http() != null) {
            terminal.out().println("  http API on port " + cfg.http().port());
        }
        return 0;
    }
}
