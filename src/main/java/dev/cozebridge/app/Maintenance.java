package dev.cozebridge.app;

import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcUsageStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code health}, {@code stats} and {@code backup} do with a database, the same whether the command opened
 * the file itself or a running bridge answers through its {@link ControlSocket}.
 */
final class Maintenance {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Maintenance() {}

    /** The control socket's requests, answered by the running bridge with its open database. */
    static Function<String, ControlSocket.Answer> handler(Database database) {
        return request -> {
            if (request.equals("health")) {
                return database.ping()
                        ? ControlSocket.Answer.ok(List.of("ok"))
                        : ControlSocket.Answer.error("the database does not answer");
            }
            if (request.equals("stats")) {
                return ControlSocket.Answer.ok(stats(database));
            }
            if (request.startsWith("backup ")) {
                return ControlSocket.Answer.ok(List.of(backup(database, Path.of(request.substring(7)))));
            }
            return ControlSocket.Answer.error("unknown request '" + request + "'");
        };
    }

    /** Conversations, messages (questions and answers: stored turns) and the last activity, per bot and platform, then the totals. */
    static List<String> stats(Database database) {
        List<JdbcUsageStats.Row> rows = new JdbcUsageStats(new Jdbc(database.dataSource())).byBotAndPlatform();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-24s %13s %8s  %s", "bot/platform", "conversations", "messages", "last activity"));
        long conversations = 0;
        long turns = 0;
        java.time.Instant last = null;
        for (JdbcUsageStats.Row row : rows) {
            lines.add(String.format(
                    "%-24s %13d %8d  %s",
                    row.bot() + "/" + row.platform(),
                    row.conversations(),
                    row.turns(),
                    row.lastActivity() == null ? "-" : WHEN.format(row.lastActivity())));
            conversations += row.conversations();
            turns += row.turns();
            if (row.lastActivity() != null
                    && (last == null || row.lastActivity().isAfter(last))) {
                last = row.lastActivity();
            }
        }
        lines.add(String.format(
                "%-24s %13d %8d  %s", "total", conversations, turns, last == null ? "-" : WHEN.format(last)));
        return lines;
    }

    /** Backs up to {@code target} (refusing to overwrite) and says how to restore. */
    static String backup(Database database, Path target) {
        Path file = target.toAbsolutePath().normalize();
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists already; choose a new file name");
        }
        database.backupTo(file);
        try {
            return "Backup written to " + file + " (" + Files.size(file) / 1024 + " KB)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
