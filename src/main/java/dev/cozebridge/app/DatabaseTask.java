package dev.cozebridge.app;

import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a maintenance task on the history database: through the running bridge's control socket when one
 * answers (an H2 file is locked while it runs), else on the database opened for the task and closed after it.
 */
final class DatabaseTask {
    private DatabaseTask() {}

    /** The lines to print, or empty after the reason was printed on {@code terminal.err()}. */
    static Optional<List<String>> run(
            BridgeConfig config, Main.Terminal terminal, String request, Function<Database, List<String>> task) {
        Path socket = ControlSocket.path(config.dataFolder());
        Optional<ControlSocket.Answer> remote = ControlSocket.ask(socket, request);
        if (remote.isPresent()) {
            if (remote.get().ok()) {
                return Optional.of(remote.get().lines());
            }
            terminal.err()
                    .println("coze-bridge: the running bridge answered: "
                            + String.join(" ", remote.get().lines()));
            return Optional.empty();
        }
        // PostgreSQL is shared by design: open it directly; an H2 file must exist (opening creates one)
        if (!config.database().postgres()) {
            String url = config.database().url();
            Optional<Path> file = Database.dataFile(url);
            if (file.isEmpty()) {
                terminal.err().println("coze-bridge: " + url + " is an in-memory database; there is nothing on disk");
                return Optional.empty();
            }
            if (!Files.exists(file.get())) {
                terminal.err()
                        .println("coze-bridge: there is no database at " + file.get()
                                + " yet (it is created by the first run or chat)");
                return Optional.empty();
            }
        }
        try (Database database = Database.open(config.database())) {
            return Optional.of(task.apply(database));
        } catch (StoreException | IllegalArgumentException e) {
            terminal.err().println("coze-bridge: " + e.getMessage());
            return Optional.empty();
        }
    }
}
