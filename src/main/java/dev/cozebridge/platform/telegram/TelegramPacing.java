package dev.cozebridge.platform.telegram;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-chat and global write limiters. Private chats (positive ids in Telegram) and groups (negative ids) have
 * different limits; the global limiter spans all chats of this bot.
 */
final class TelegramPacing {

    private static final int PRUNE_ABOVE = 1_000;

    private final TelegramTuning tuning;
    private final LongSupplier nanoTime;
    private final WriteLimiter global;
    private final Map<Long, WriteLimiter> chats = new ConcurrentHashMap<>();

    TelegramPacing(TelegramTuning tuning, LongSupplier nanoTime) {
        this.tuning = tuning;
        this.nanoTime = nanoTime;
        this.global = new WriteLimiter(tuning.global().count(), tuning.global().window(), nanoTime);
    }

    /** Waits for room in the chat's and the global window; closing the permit marks the write finished. */
    WriteLimiter.Permit acquire(long chatId) throws InterruptedException {
        WriteLimiter.Permit chat = chat(chatId).acquire();
        try {
            WriteLimiter.Permit all = global.acquire();
            return () -> {
                all.close();
                chat.close();
            };
        } catch (InterruptedException | RuntimeException e) {
            chat.close();
            throw e;
        }
    }

    /** Telegram answered 429 for this chat: hold further writes to it. */
    void pause(long chatId, Duration retryAfter) {
        chat(chatId).pause(retryAfter);
    }

    private WriteLimiter chat(long chatId) {
        if (chats.size() > PRUNE_ABOVE) {
            chats.values().removeIf(WriteLimiter::idle);
        }
        return chats.computeIfAbsent(chatId, id -> {
            TelegramTuning.Pace pace = id > 0 ? tuning.privateChat() : tuning.groupChat();
            return new WriteLimiter(pace.count(), pace.window(), nanoTime);
        });
    }
}
