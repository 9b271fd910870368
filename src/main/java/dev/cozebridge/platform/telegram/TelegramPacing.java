package dev.cozebridge.platform.telegram;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-chat and global write limiters. Private chats (positive ids in Telegram) and groups (negative ids) have
 * different limits, each paced evenly (a group's 20 a minute is one write every 3 s); the global limiter (30 a
 * second) spans all chats of this bot. Both serve writers in the order they came, so concurrent replies share the
 * budgets fairly: a reply first waits its turn in its chat, then joins the end of the global line.
 */
final class TelegramPacing {

    private static final int PRUNE_ABOVE = 1_000;

    private final TelegramTuning tuning;
    private final LongSupplier nanoTime;
    private final WriteLimiter global;
    private final Map<Long, WriteLimiter> chats = new ConcurrentHashMap<>();
    /** Per chat, the global sequence number of its latest write (or of the latest one when it first asked). */
    private final Map<Long, Long> lastServed = new ConcurrentHashMap<>();

    TelegramPacing(TelegramTuning tuning, LongSupplier nanoTime) {
        this.tuning = tuning;
        this.nanoTime = nanoTime;
        this.global =
                WriteLimiter.window(tuning.global().count(), tuning.global().window(), nanoTime);
    }

    /** Waits for room in the chat's and the global window; closing the permit marks the write finished. */
    WriteLimiter.Permit acquire(long chatId) throws InterruptedException {
        WriteLimiter.Permit chat = chat(chatId).acquire();
        try {
            // least recently served first: a chat that has just written waits behind all the others
            long rank = lastServed.computeIfAbsent(chatId, id -> global.granted());
            WriteLimiter.Granted all = global.acquire(rank);
            lastServed.put(chatId, all.sequence);
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
            lastServed.keySet().retainAll(chats.keySet());
        }
        return chats.computeIfAbsent(chatId, id -> {
            TelegramTuning.Pace pace = id > 0 ? tuning.privateChat() : tuning.groupChat();
            return WriteLimiter.paced(pace.count(), pace.window(), nanoTime);
        });
    }

    // For a controllable nanosecond source (tests): it only moves when told, so whoever moves it wakes the waiters
    // and can tell when everybody is parked.

    /**
     * Every change to any line so far. The limiters are read one after another, so a look at {@link #waiting()}
     * and {@link #nextStart()} is one consistent moment only when this is the same before and after it (a writer
     * can move from one line to another in between, and be counted twice or not at all).
     */
    long changes() {
        return global.changes()
                + chats.values().stream().mapToLong(WriteLimiter::changes).sum();
    }

    /** Writers waiting in any limiter. */
    int waiting() {
        return global.waiting()
                + chats.values().stream().mapToInt(WriteLimiter::waiting).sum();
    }

    /** The earliest time a waiting writer may start ({@link Long#MAX_VALUE} when none can by time alone). */
    long nextStart() {
        long next = global.nextStart();
        for (WriteLimiter chat : chats.values()) {
            next = Math.min(next, chat.nextStart());
        }
        return next;
    }

    /** Wakes every waiter to look at the time again. */
    void timeMoved() {
        global.timeMoved();
        chats.values().forEach(WriteLimiter::timeMoved);
    }
}
