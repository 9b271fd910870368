package dev.cozebridge.platform;

import java.time.Duration;

/**
 * How fast and how long the core may write on a platform.
 *
 * @param maxMessageLength     characters per message (2,000 Discord, 4,096 Telegram)
 * @param minReplyInterval     minimum gap between two writes (send or edit) of one reply
 * @param minChannelInterval   minimum gap between two writes into one channel, across replies
 * @param typingRenewal        how often to repeat the typing indicator while waiting, or null for never
 */
public record PlatformLimits(
        int maxMessageLength, Duration minReplyInterval, Duration minChannelInterval, Duration typingRenewal) {}
