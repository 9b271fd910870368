package dev.cozebridge.config;

import java.util.List;

/**
 * The OpenAI-compatible API ({@code http} section).
 *
 * @param host                    address to bind ({@code 0.0.0.0} by default)
 * @param port                    TCP port; 0 picks a free one (tests)
 * @param apiKeys                 bearer keys accepted, from the env var named by {@code api_keys_env}
 * @param aliases                 extra model names served by several bots round-robin
 * @param maxConcurrentPerKey     chat and image requests one API key may have running at once
 * @param requestsPerMinutePerKey chat and image requests one API key may start per minute
 * @param cozeShare               the largest fraction of each Coze credential's request rate the API takes while
 *                                platform users are waiting (the rest stays theirs)
 */
public record HttpSettings(
        String host,
        int port,
        List<Secret> apiKeys,
        List<ModelAlias> aliases,
        int maxConcurrentPerKey,
        int requestsPerMinutePerKey,
        double cozeShare) {
    public static final int DEFAULT_MAX_CONCURRENT_PER_KEY = 8;
    public static final int DEFAULT_REQUESTS_PER_MINUTE_PER_KEY = 120;
    public static final double DEFAULT_COZE_SHARE = 0.5;

    public HttpSettings {
        apiKeys = List.copyOf(apiKeys);
        aliases = List.copyOf(aliases);
    }

    /** With the default per-key limits and Coze share. */
    public HttpSettings(String host, int port, List<Secret> apiKeys, List<ModelAlias> aliases) {
        this(
                host,
                port,
                apiKeys,
                aliases,
                DEFAULT_MAX_CONCURRENT_PER_KEY,
                DEFAULT_REQUESTS_PER_MINUTE_PER_KEY,
                DEFAULT_COZE_SHARE);
    }

    /** {@code http.aliases[]}: one model name, several bots. */
    public record ModelAlias(String model, List<String> bots) {
        public ModelAlias {
            bots = List.copyOf(bots);
        }
    }
}
