package dev.cozebridge.config;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code database}: where the history lives.
 *
 * @param url      a JDBC URL: {@code jdbc:h2:file:./data/coze-bridge} (the embedded default, one process) or
 *                 {@code jdbc:postgresql://host:5432/db} (several instances can share it)
 * @param user     the database user, or null (PostgreSQL only)
 * @param password the password from {@code password_env}, or null (PostgreSQL only)
 */
public record DatabaseSettings(String url, String user, Secret password) {
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/coze-bridge";

    private static final String PREFIX = "jdbc:h2:";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");

    /**
     * The H2 settings ({@code ;NAME=VALUE}) the bridge documents, each with the values it takes. Anything else is
     * refused: H2 settings such as {@code INIT} run SQL (even fetched from a URL), others switch off the file lock
     * or open a server.
     */
    public static final Map<String, Pattern> ALLOWED_SETTINGS = Map.of(
            "CACHE_SIZE", NUMBER,
            "DB_CLOSE_DELAY", Pattern.compile("-1|\\d{1,9}"),
            "DB_CLOSE_ON_EXIT", Pattern.compile("(?i)true|false"),
            "LOCK_TIMEOUT", NUMBER,
            "MAX_COMPACT_TIME", NUMBER,
            "TRACE_LEVEL_FILE", Pattern.compile("[0-4]"),
            "WRITE_DELAY", NUMBER);

    /** A storage prefix of H2 other than {@code file:} and {@code mem:} (tcp:, ssl:, zip:, nio:, split:, ...). */
    private static final Pattern OTHER_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9]+:.*");

    /** An H2 database or one that needs no credentials. */
    public DatabaseSettings(String url) {
        this(url, null, null);
    }

    public boolean postgres() {
        return isPostgres(url);
    }

    private static boolean isPostgres(String url) {
        return url.regionMatches(true, 0, POSTGRES_PREFIX, 0, POSTGRES_PREFIX.length());
    }

    /**
     * Why {@code url} cannot be the bridge's database, in one sentence, or empty when it can. For H2 only embedded
     * files ({@code jdbc:h2:file:PATH}, {@code jdbc:h2:PATH}) and named in-memory databases
     * ({@code jdbc:h2:mem:NAME}) are served, with only {@link #ALLOWED_SETTINGS}. A PostgreSQL URL must have the
     * form and settings {@link PostgresUrl} allows. The sentence never repeats the URL or a setting's value (a URL may carry a
     * password).
     */
    public static Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("it is empty; use e.g. " + DEFAULT_URL);
        }
        String trimmed = url.strip();
        if (isPostgres(trimmed)) {
            return PostgresUrl.problem(trimmed);
        }
        if (!trimmed.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.of(
                    "use an H2 file (" + DEFAULT_URL + ") or PostgreSQL (jdbc:postgresql://HOST:PORT/DATABASE)");
        }
        String rest = trimmed.substring(PREFIX.length());
        int semicolon = rest.indexOf(';');
        String location = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:")) {
            if (location.length() == 4) {
                return Optional.of("an in-memory database needs a name (jdbc:h2:mem:NAME), else every connection "
                        + "gets its own empty one");
            }
        } else if (lower.startsWith("file:")) {
            if (location.substring(5).isBlank()) {
                return Optional.of("it names no database file (jdbc:h2:file:PATH)");
            }
        } else if (OTHER_PREFIX.matcher(location).matches()) {
            return Optional.of("use an embedded file (jdbc:h2:file:PATH) or in-memory (jdbc:h2:mem:NAME) database");
        } else if (location.isBlank()) {
            return Optional.of("it names no database file (jdbc:h2:file:PATH)");
        }
        return semicolon < 0 ? Optional.empty() : settingsProblem(rest.substring(semicolon + 1));
    }

    private static Optional<String> settingsProblem(String settings) {
        Set<String> seen = new HashSet<>();
        for (String setting : settings.split(";", -1)) {
            if (setting.isBlank()) {
                continue;
            }
            int eq = setting.indexOf('=');
            String name = (eq < 0 ? setting : setting.substring(0, eq)).strip().toUpperCase(Locale.ROOT);
            Pattern values = ALLOWED_SETTINGS.get(name);
            if (values == null) {
                return Optional.of("the H2 setting " + printable(name) + " is not allowed; the bridge takes only "
                        + String.join(
                                ", ",
                                ALLOWED_SETTINGS.keySet().stream().sorted().toList()));
            }
            if (eq < 0 || !values.matcher(setting.substring(eq + 1).strip()).matches()) {
                String expected = switch (name) {
                    case "DB_CLOSE_ON_EXIT" -> "TRUE or FALSE";
                    case "DB_CLOSE_DELAY" -> "-1 or a whole number of seconds";
                    case "TRACE_LEVEL_FILE" -> "0 to 4";
                    default -> "a whole number";
                };
                return Optional.of("the H2 setting " + name + " must be " + expected);
            }
            if (!seen.add(name)) {
                return Optional.of("it sets " + name + " twice");
            }
        }
        return Optional.empty();
    }

    /** A refused setting's name as it may be shown: short, and only name characters. */
    private static String printable(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return shown.matches("[A-Z0-9_.]*") ? shown : "'" + shown.replaceAll("[^A-Z0-9_. ]", "?") + "'";
    }
}
