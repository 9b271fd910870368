package dev.cozebridge.fakes.discord;

import java.time.Duration;

/**
 * The fake's knobs. Defaults mirror real Discord (5 writes per 5 s per channel, 3 s to answer an interaction);
 * tests shrink the windows to stay fast.
 *
 * @param token                   the bot token the fake accepts (without {@code Bot })
 * @param bucketLimit             writes per bucket window for channel messages and interaction webhooks
 * @param bucketWindow            the bucket window
 * @param interactionDeadline     time to send the first interaction callback
 * @param privilegedIntentsAllowed false to close IDENTIFY asking for MESSAGE_CONTENT with 4014, like an app
 *                                whose Message Content switch is off in the Developer Portal
 * @param heartbeatInterval       sent in HELLO
 * @param globalLimit             requests per {@code globalWindow} across every route of the bot token except
 *                                interaction callbacks and webhooks (Discord: 50 per second)
 * @param globalWindow            the global limit's window
 */
public record FakeDiscordSettings(
        String token,
        int bucketLimit,
        Duration bucketWindow,
        Duration interactionDeadline,
        boolean privilegedIntentsAllowed,
        Duration heartbeatInterval,
        int globalLimit,
        Duration globalWindow) {

    /** With Discord's global limit of 50 requests per second. */
    public FakeDiscordSettings(
            String token,
            int bucketLimit,
            Duration bucketWindow,
            Duration interactionDeadline,
            boolean privilegedIntentsAllowed,
            Duration heartbeatInterval) {
        this(
                token,
                bucketLimit,
                bucketWindow,
                interactionDeadline,
                privilegedIntentsAllowed,
                heartbeatInterval,
                50,
                Duration.ofSeconds(1));
    }

    public static FakeDiscordSettings defaults() {
        return new FakeDiscordSettings(
                "fake-bot-token", 5, Duration.ofSeconds(5), Duration.ofSeconds(3), true, Duration.ofMillis(41_250));
    }

    public FakeDiscordSettings withGlobal(int limit, Duration window) {
        return new FakeDiscordSettings(
                token,
                bucketLimit,
                bucketWindow,
                interactionDeadline,
                privilegedIntentsAllowed,
                heartbeatInterval,
                limit,
                window);
    }

    public FakeDiscordSettings withBucket(int limit, Duration window) {
        return new FakeDiscordSettings(
                token,
                limit,
                window,
                interactionDeadline,
                privilegedIntentsAllowed,
                heartbeatInterval,
                globalLimit,
                globalWindow);
    }

    public FakeDiscordSettings withInteractionDeadline(Duration deadline) {
        return new FakeDiscordSettings(
                token,
                bucketLimit,
                bucketWindow,
                deadline,
                privilegedIntentsAllowed,
                heartbeatInterval,
                globalLimit,
                globalWindow);
    }

    public FakeDiscordSettings withPrivilegedIntentsAllowed(boolean allowed) {
        return new FakeDiscordSettings(
                token,
                bucketLimit,
                bucketWindow,
                interactionDeadline,
                allowed,
                heartbeatInterval,
                globalLimit,
                globalWindow);
    }
}
