package dev.cozebridge.store;

import dev.cozebridge.config.DatabaseSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An H2 JDBC URL, checked and completed with the settings the bridge relies on. Only the forms the bridge can
 * serve are accepted ({@link DatabaseSettings#problem}): embedded files ({@code jdbc:h2:file:path} or
 * {@code jdbc:h2:path}) and named in-memory databases ({@code jdbc:h2:mem:name}), with the documented settings.
 */
record H2Url(String original, String location, String settings) {
    private static final String PREFIX = "jdbc:h2:";
    private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)(;\\s*PASSWORD\\s*=)[^;]*");

    /** @throws StoreException when {@link DatabaseSettings#problem} refuses the URL (which it never repeats) */
    static H2Url parse(String jdbcUrl) {
        DatabaseSettings.problem(jdbcUrl).ifPresent(problem -> {
            throw new StoreException("The database URL is not usable: " + problem, null);
        });
        String trimmed = jdbcUrl.strip();
        if (!trimmed.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new StoreException("The database URL is not an H2 URL (jdbc:h2:...)", null);
        }
        String rest = trimmed.substring(PREFIX.length());
        int semicolon = rest.indexOf(';');
        String location = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String settings = semicolon < 0 ? "" : rest.substring(semicolon);
        return new H2Url(jdbcUrl.strip(), location, settings);
    }

    boolean inMemory() {
        return location.regionMatches(true, 0, "mem:", 0, 4);
    }

    /** The folder that must exist before H2 can create the file, for file databases. */
    Optional<Path> fileParent() {
        return inMemory() ? Optional.empty() : Optional.ofNullable(filePath().getParent());
    }

    /** The database's name inside its folder ({@code coze-bridge} for {@code .../coze-bridge}). */
    String fileName() {
        return filePath().getFileName().toString();
    }

    private Path filePath() {
        String path = location.regionMatches(true, 0, "file:", 0, 5) ? location.substring(5) : location;
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    /**
     * The URL with the bridge's settings added unless the operator set them: the bridge closes the database
     * itself on shutdown (so H2's own shutdown hook must not race it), and an in-memory database must outlive
     * idle pooled connections.
     */
    String effectiveUrl() {
        StringBuilder url = new StringBuilder(PREFIX).append(location).append(settings);
        addUnlessSet(url, "DB_CLOSE_ON_EXIT", "FALSE");
        if (!inMemory()) {
            // H2 writes commits to its file up to half a second late by default, so a killed process lost the messages
            // it had just accepted (and Telegram's confirmed offset): a commit must reach the file before it returns.
            // The operating system keeps what was written when the process dies; only a power cut can lose it.
            addUnlessSet(url, "WRITE_DELAY", "0");
        }
        if (inMemory()) {
            addUnlessSet(url, "DB_CLOSE_DELAY", "-1");
        }
        return url.toString();
    }

    /** The URL as it may appear in logs and messages: any password setting masked. */
    String redacted() {
        return redact(original);
    }

    private void addUnlessSet(StringBuilder url, String name, String value) {
        if (!settings.toUpperCase(Locale.ROOT).contains(";" + name + "=")) {
            url.append(';').append(name).append('=').append(value);
        }
    }

    private static String redact(String url) {
        // H2's ;PASSWORD=..., and the query-string and user:password@ forms of other drivers' URLs
        return PASSWORD_SETTING
                .matcher(url)
                .replaceAll("$1***")
                .replaceAll("(?i)(password=)[^&;]*", "$1***")
                .replaceAll("//[^/@]*@", "//***@");
    }
}
