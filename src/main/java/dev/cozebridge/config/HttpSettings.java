package dev.cozebridge.config;

import java.util.List;

/**
 * The OpenAI-compatible API ({@code http} section).
 *
 * @param host    address to bind ({@code 0.0.0.0} by default)
 * @param port    TCP port; 0 picks a free one (tests)
 * @param apiKeys bearer keys accepted, from the env var named by {@code api_keys_env}
 * @param aliases extra model names served by several bots round-robin
 */
public record HttpSettings(String host, int port, List<Secret> apiKeys, List<ModelAlias> aliases) {
    public HttpSettings {
        apiKeys = List.copyOf(apiKeys);
        aliases = List.copyOf(aliases);
    }

    /** {@code http.aliases[]}: one model name, several bots. */
    public record ModelAlias(String model, List<String> bots) {
        public ModelAlias {
            bots = List.copyOf(bots);
        }
    }
}
