package dev.cozebridge.config;

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

    /** An H2 database or one that needs no credentials. */
    public DatabaseSettings(String url) {
        this(url, null, null);
    }

    public boolean postgres() {
        return url.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length());
    }
}
