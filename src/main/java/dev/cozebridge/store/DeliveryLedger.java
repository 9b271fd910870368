package dev.cozebridge.store;

import java.time.Instant;

/**
 * Remembers which platform deliveries were already taken, across restarts and instances, so a redelivered event
 * (a webhook retried after a timeout, the same update reaching two instances) is handled once.
 */
public interface DeliveryLedger {
    /**
     * Records delivery {@code id} from {@code source} (e.g. {@code telegram:<bot>}) at {@code at}; true the first
     * time, false when it was recorded before. Atomic across instances sharing the database.
     */
    boolean firstDelivery(String source, String id, Instant at);

    /** Forgets one delivery again (its handling failed, so a redelivery must be taken). */
    void forget(String source, String id);

    /** Forgets deliveries recorded before {@code before}; returns how many. */
    int forgetBefore(Instant before);
}
