package dev.cozebridge.config;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL JDBC URL, checked before the driver sees it: {@code jdbc:postgresql://host[:port]/database} with
 * only the connection settings the bridge documents. The driver also accepts settings that load classes or
 * write files by name (socketFactory, sslfactory, loggerFile...), and credentials in the URL would put a secret
 * into bots.yml; both are refused.
 */
public record PostgresUrl(String url, String host, String database) {
    private static final Pattern FORM = Pattern.compile("(?i)jdbc:postgresql://([^/?#]+)/([^/?#]+)(?:\\?([^#]*))?");
    /** Settings a self-hoster may need: TLS, timeouts, the schema, the application name in pg_stat_activity. */
    private static final Set<String> ALLOWED = Set.of(
            "ssl",
            "sslmode",
            "sslrootcert",
            "sslcert",
            "sslkey",
            "applicationname",
            "currentschema",
            "connecttimeout",
            "sockettimeout",
            "logintimeout",
            "tcpkeepalive",
            "targetservertype");

    /** Why {@code jdbcUrl} cannot be used, in one sentence without any secret, or empty. */
    public static java.util.Optional<String> problem(String jdbcUrl) {
        try {
            parse(jdbcUrl);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException with a readable sentence that never repeats a secret */
    public static PostgresUrl parse(String jdbcUrl) {
        String trimmed = jdbcUrl == null ? "" : jdbcUrl.strip();
        Matcher m = FORM.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("Unsupported PostgreSQL URL '" + redact(trimmed)
                    + "': use jdbc:postgresql://HOST:PORT/DATABASE (user and password_env are separate keys)");
        }
        if (m.group(1).contains("@")) {
            throw new IllegalArgumentException("The PostgreSQL URL '" + redact(trimmed)
                    + "' carries credentials; use database.user and " + "database.password_env instead");
        }
        String query = m.group(3);
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
                if (name.equals("user") || name.equals("password")) {
                    throw new IllegalArgumentException("The PostgreSQL URL '" + redact(trimmed)
                            + "' carries credentials; use database.user " + "and database.password_env instead");
                }
                if (!ALLOWED.contains(name)) {
                    throw new IllegalArgumentException(
                            "The PostgreSQL URL setting '" + pair.split("=", 2)[0] + "' is not supported; allowed: "
                                    + "ssl, sslmode, sslrootcert, sslcert, sslkey, ApplicationName, currentSchema, "
                                    + "connectTimeout, socketTimeout, loginTimeout, tcpKeepAlive, targetServerType");
                }
            }
        }
        return new PostgresUrl(trimmed, m.group(1), m.group(2));
    }

    /** How logs and messages name it: host and database, never settings that could hold a path or secret. */
    public String redacted() {
        return "jdbc:postgresql://" + host + "/" + database;
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1****").replaceAll("//[^/@]*@", "//****@");
    }
}
