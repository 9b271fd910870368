package dev.cozebridge.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole validated configuration.
 *
 * @param file       where it was read from
 * @param dataFolder where relative data paths point: the config file's folder, or {@code COZE_BRIDGE_DATA_DIR}
 * @param database   its URL with a relative file path already made absolute in {@code dataFolder}
 * @param http       the OpenAI-compatible API, or null when the {@code http} section is absent
 */
public record BridgeConfig(
        Path file,
        Path dataFolder,
        DatabaseSettings database,
        HttpSettings http,
        LoggingSettings logging,
        List<BotSettings> bots) {
    public BridgeConfig {
        bots = List.copyOf(bots);
    }

    public Optional<BotSettings> bot(String name) {
        return bots.stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
