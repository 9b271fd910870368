package dev.cozebridge.platform.http;

import dev.cozebridge.platform.PlatformAdapter;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What {@code /readyz} checks: the database answers a ping, and every configured platform adapter is connected.
 *
 * @param databasePing true when the database answered; may throw, which counts as "not ready"
 * @param platforms    the Discord/Telegram adapters the process runs (may be empty)
 */
public record Readiness(BooleanSupplier databasePing, List<PlatformAdapter> platforms) {
    public Readiness {
        Objects.requireNonNull(databasePing, "databasePing");
        platforms = List.copyOf(platforms);
    }
}
