package dev.cozebridge.fakes.discord;

/** The permission bits the fake checks for the bot, with Discord's values. */
public enum FakePermission {
    VIEW_CHANNEL(1L << 10),
    SEND_MESSAGES(1L << 11),
    EMBED_LINKS(1L << 14),
    READ_MESSAGE_HISTORY(1L << 16),
    MANAGE_THREADS(1L << 34),
    CREATE_PUBLIC_THREADS(1L << 35),
    SEND_MESSAGES_IN_THREADS(1L << 38);

    final long bit;

    FakePermission(long bit) {
        this.bit = bit;
    }
}
