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
        List<BotSettings> bots,
        InstanceSettings instance) {
    public BridgeConfig {
        bots = List.copyOf(bots);
        instance = instance == null ? InstanceSettings.DEFAULT : instance;
    }

    /** Without an {@code instance} section. */
    public BridgeConfig(
            Path file,
            Path dataFolder,
            DatabaseSettings database,
            HttpSettings http,
            LoggingSettings logging,
            List<BotSettings> bots) {
        this(file, dataFolder, database, http, logging, bots, InstanceSettings.DEFAULT);
    }

    /**
     * {@code instance}: this process among several sharing one database.
     *
     * @param name     its name in the conversation leases, or null for the default: {@code embedded} on H2 (one
     *                 process by construction), host name and process id on PostgreSQL. A stable name per replica
     *                 lets it take its own conversations back at once after a crash instead of after
     *                 {@code lease_ttl}; two running processes must never share one.
     * @param leaseTtl how long a conversation's lease lasts unless renewed: how long a crashed instance's
     *                 conversations wait before another instance takes them over
     */
    public record InstanceSettings(String name, java.time.Duration leaseTtl) {
        public static final InstanceSettings DEFAULT = new InstanceSettings(null, java.time.Duration.ofSeconds(30));
    }

    public Optional<BotSettings> bot(String name) {
        return bots.stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
