package dev.cozebridge.fakes.discord;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Mints time-based snowflakes like Discord's: JDA derives creation times from ids, so small arbitrary ids
 * make interactions look years old and their hooks expire at once.
 */
final class Snowflakes {
    static final long DISCORD_EPOCH = 1_420_070_400_000L;

    private final AtomicLong counter = new AtomicLong();

    String next() {
        long increment = counter.getAndIncrement() & 0x3F_FFFFL;
        return Long.toString(((System.currentTimeMillis() - DISCORD_EPOCH) << 22) | increment);
    }
}
