package dev.cozebridge.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole validated configuration.
 *
 * @param file     where it was read from
 * @param http     the OpenAI-compatible API, or null when the {@code http} section is absent
 */
public record BridgeConfig(Path file, DatabaseSettings database, HttpSettings http, List<BotSettings> bots) {
    public BridgeConfig {
        bots = List.copyOf(bots);
    }

    public Optional<BotSettings> bot(String name) {
        return bots.stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
