package dev.cozebridge.fakes.telegram;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Telegram's flood control as the fake enforces it: sliding windows per chat (private and group limits
 * differ) and one across all chats, counting accepted writes by arrival time. Not thread-safe; the fake calls
 * it under its lock.
 */
final class FloodControl {

    private final FakeTelegram.Limit privateChat;
    private final FakeTelegram.Limit groupChat;
    private final FakeTelegram.Limit global;
    private final Map<Long, Deque<Long>> perChat = new HashMap<>();
    private final Deque<Long> all = new ArrayDeque<>();

    FloodControl(FakeTelegram.Limit privateChat, FakeTelegram.Limit groupChat, FakeTelegram.Limit global) {
        this.privateChat = privateChat;
        this.groupChat = groupChat;
        this.global = global;
    }

    /**
     * Records a write at {@code nowNanos} when every window has room and returns 0; otherwise records nothing
     * and returns the whole seconds to wait (at least 1, as Telegram's retry_after is an integer).
     */
    int admit(long chatId, boolean privateChatKind, long nowNanos) {
        FakeTelegram.Limit chatLimit = privateChatKind ? privateChat : groupChat;
        Deque<Long> chat = perChat.computeIfAbsent(chatId, k -> new ArrayDeque<>());
        long waitChat = waitNanos(chat, chatLimit, nowNanos);
        long waitAll = waitNanos(all, global, nowNanos);
        long wait = Math.max(waitChat, waitAll);
        if (wait > 0) {
            return (int) Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
        }
        chat.addLast(nowNanos);
        all.addLast(nowNanos);
        return 0;
    }

    private static long waitNanos(Deque<Long> arrivals, FakeTelegram.Limit limit, long now) {
        long window = limit.window().toNanos();
        while (!arrivals.isEmpty() && arrivals.peekFirst() <= now - window) {
            arrivals.removeFirst();
        }
        if (arrivals.size() < limit.count()) {
            return 0;
        }
        // The oldest arrival that must leave the window before one more fits.
        long oldest = arrivals.stream()
                .skip(arrivals.size() - limit.count())
                .findFirst()
                .orElseThrow();
        return Math.max(1, oldest + window - now);
    }
}
