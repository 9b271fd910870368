package dev.cozebridge.platform.telegram;

import dev.cozebridge.platform.StartupBackoff;
import java.time.Duration;

/**
 * Numbers that are Telegram's and not the user's: the long-poll timeout and the write pacing the adapter
 * keeps below Telegram's flood limits (Bot FAQ: about one message per second per chat, 20 per minute per
 * group, 30 per second overall), and how the first getMe is retried while starting. Tests shrink them together
 * with the fake server's windows.
 */
record TelegramTuning(Duration pollTimeout, Pace privateChat, Pace groupChat, Pace global, StartupBackoff startup) {

    /** {@code count} writes per sliding {@code window}. */
    record Pace(int count, Duration window) {}

    static final TelegramTuning DEFAULT = new TelegramTuning(
            Duration.ofSeconds(50),
            new Pace(1, Duration.ofSeconds(1)),
            new Pace(20, Duration.ofMinutes(1)),
            new Pace(30, Duration.ofSeconds(1)),
            StartupBackoff.DEFAULT);
}
