package dev.cozebridge.app;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.store.DeliveryLedger;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.PlatformStateStore;
import java.time.Clock;

/** One entry of the registry from platform kind to adapter factory ({@link App#PLATFORMS}). */
interface PlatformFactory {
    /** Platform kind, e.g. {@code discord}. */
    String kind();

    /** Whether this bot has a section for this platform. */
    boolean configured(BotSettings bot);

    PlatformAdapter create(
            BotSettings bot,
            PlatformStateStore state,
            HistoryStore history,
            DeliveryLedger deliveries,
            Clock clock,
            BridgeMetrics metrics);
}
