package dev.cozebridge.config;

/** {@code database.url}: a JDBC URL, {@code jdbc:h2:file:./data/coze-bridge} by default. */
public record DatabaseSettings(String url) {
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/coze-bridge";
}
