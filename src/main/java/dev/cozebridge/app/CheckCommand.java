package dev.cozebridge.app;

import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.BridgeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Validate the configuration (keys, values, referenced environment variables) and exit: 0 when valid, "
                    + "2 with every problem otherwise. Offline: nothing is contacted.",
            "With --online it also asks Coze about every bot (GET /v1/bots/{bot_id}): exit 1 when Coze rejects "
                    + "a token or bot, or cannot be reached, with one line per failing bot."
        })
final class CheckCommand implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--online",
            description = "Also contact Coze: every bot's token is accepted, coze.base_url is the token's region and "
                    + "the bot is published for the API. Exit 1 when a bot fails this or Coze cannot be reached.")
    boolean online;

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
                BotSettings.ShardSettings shards = bot.discord().shards();
                parts.add(
                        shards == null ? "discord" : "discord (shards " + shards.ids() + " of " + shards.total() + ")");
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
        return online ? checkOnline(cfg) : 0;
    }

    /** Every bot through one client per credential, as {@code run} would share them; failures on stderr. */
    private int checkOnline(BridgeConfig cfg) {
        Map<String, CozeClient> clients = new LinkedHashMap<>();
        try (ConsoleLog quiet = ConsoleLog.warningsOnly(terminal.environment())) {
            List<CozeCheck.Result> results = CozeCheck.run(
                    cfg.bots(),
                    bot -> clients.computeIfAbsent(bot.coze().credentialKey(), key -> CozeClient.create(bot.coze())));
            boolean allGood = true;
            terminal.out().println("Coze:");
            for (CozeCheck.Result result : results) {
                if (result.published()) {
                    terminal.out().println("  " + result.line());
                } else {
                    allGood = false;
                    terminal.err().println(cfg.file() + ": " + result.line());
                }
            }
            return allGood ? 0 : Main.EXIT_COZE_FAILED;
        } finally {
            clients.values().forEach(CozeClient::close);
        }
    }
}
