package dev.cozebridge.platform.telegram;

/**
 * A write went to a group that has become a supergroup; {@link TelegramMigrations} knows it now, and the caller
 * writes again to {@code to}. Never leaves this package.
 */
final class ChatUpgraded extends RuntimeException {
    final long from;
    final long to;

    ChatUpgraded(long from, long to) {
        super("group " + from + " was upgraded to supergroup " + to, null, false, false);
        this.from = from;
        this.to = to;
    }
}
