package dev.cozebridge.app;

import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.store.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Back up the history database to a zip file (H2's online backup), also while `run` is "
                + "running. Restore: stop coze-bridge, unzip the file into the database's folder.")
final class BackupCommand implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "FILE",
            description = "The zip file to write (it must not exist yet).")
    Path to;

    BackupCommand(Main.Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        Optional<BridgeConfig> loaded = config.load(terminal.environment(), terminal.err());
        if (loaded.isEmpty()) {
            return Main.EXIT_CONFIG;
        }
        BridgeConfig cfg = loaded.get();
        String url = cfg.database().url();
        if (cfg.database().postgres()) {
            terminal.err()
                    .println("coze-bridge: database.url is PostgreSQL; back it up with pg_dump, e.g. "
                            + "pg_dump --format=custom --file=coze-bridge.dump DBNAME");
            return Main.EXIT_CONFIG;
        }
        Path target = to.toAbsolutePath().normalize();
        return DatabaseTask.run(
                        cfg, terminal, "backup " + target, database -> List.of(Maintenance.backup(database, target)))
                .map(lines -> {
                    lines.forEach(terminal.out()::println);
                    Path folder = Database.dataFile(url).map(Path::getParent).orElse(cfg.dataFolder());
                    terminal.out().println("To restore: stop coze-bridge, then unzip -o " + target + " -d " + folder);
                    return 0;
                })
                .orElse(Main.EXIT_COZE_FAILED);
    }
}
