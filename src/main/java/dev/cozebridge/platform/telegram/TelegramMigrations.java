package dev.cozebridge.platform.telegram;

import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.PlatformStateStore;
import dev.cozebridge.store.StoreException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups that became supergroups (media-and-interactions §2.7). The upgrade gives the chat a new id; Telegram says
 * so in service messages ({@code migrate_to_chat_id} in the old chat, {@code migrate_from_chat_id} in the new one)
 * and in the error every call to the old id gets. Once known, the conversations of the old chat continue in the new
 * one ({@link HistoryStore#movePlace}), writes to the old id go to the new one, and the new chat's messages name
 * both ids as their places, so allow and deny lists written for either still match. The pair is kept in the
 * platform state store, so it survives restarts and is shared by every instance. Thread-safe.
 */
final class TelegramMigrations {

    private static final Logger log = LoggerFactory.getLogger(TelegramMigrations.class);
    /** How long "not upgraded" is believed before the state store is asked again (another instance may learn it). */
    private static final long RECHECK_MILLIS = 60_000;

    private static final int FORGET_ABOVE = 10_000;

    /** The other id of a chat, or 0 when it has none (as of {@code checkedAt}). */
    private record Known(long other, long checkedAt) {}

    private final String bot;
    private final PlatformStateStore state;
    private final HistoryStore history;
    private final Clock clock;
    private final Map<Long, Known> upgradedTo = new ConcurrentHashMap<>();
    private final Map<Long, Known> upgradedFrom = new ConcurrentHashMap<>();

    TelegramMigrations(String bot, PlatformStateStore state, HistoryStore history, Clock clock) {
        this.bot = bot;
        this.state = state;
        this.history = history;
        this.clock = clock;
    }

    /**
     * The id to write to: the supergroup's for a group that became one, else {@code chatId} itself. Private chats
     * (positive ids) are never upgraded.
     */
    long current(long chatId) {
        if (chatId >= 0) {
            return chatId;
        }
        long to = lookUp(upgradedTo, toKey(chatId), chatId);
        return to == 0 ? chatId : to;
    }

    /**
     * The places of a message in {@code chatId}: the chat, and for a supergroup ({@code chatType} "supergroup") the
     * group it was before.
     */
    List<String> places(long chatId, String chatType) {
        if (!"supergroup".equals(chatType)) {
            return List.of(Long.toString(chatId));
        }
        long from = lookUp(upgradedFrom, fromKey(chatId), chatId);
        return from == 0 ? List.of(Long.toString(chatId)) : List.of(Long.toString(chatId), Long.toString(from));
    }

    /**
     * Group {@code from} is supergroup {@code to} now: its conversations move along (once; every later call returns
     * at once). Called on the poll thread for the service messages, so the next update of the new chat already
     * finds its history, and on reply threads for the error answer.
     */
    synchronized void upgraded(long from, long to) {
        Known known = upgradedTo.get(from);
        if (known != null && known.other() == to) {
            return;
        }
        long now = clock.millis();
        upgradedTo.put(from, new Known(to, now));
        upgradedFrom.put(to, new Known(from, now));
        try {
            int moved = history.movePlace(bot, "telegram", Long.toString(from), Long.toString(to));
            state.put(toKey(from), Long.toString(to));
            state.put(fromKey(to), Long.toString(from));
            log.info(
                    "Telegram group {} of bot {} became supergroup {}; {} conversation(s) continue there",
                    from,
                    bot,
                    to,
                    moved);
        } catch (StoreException e) {
            // writes still go to the new chat in this process; the next process, told again, retries the move
            log.error(
                    "Telegram group {} of bot {} became supergroup {}, but its conversations could not be moved",
                    from,
                    bot,
                    to,
                    e);
        }
    }

    private long lookUp(Map<Long, Known> cache, String key, long chatId) {
        long now = clock.millis();
        Known known = cache.get(chatId);
        if (known != null && (known.other() != 0 || now - known.checkedAt() < RECHECK_MILLIS)) {
            return known.other();
        }
        long other;
        try {
            other = state.get(key).map(Long::parseLong).orElse(0L);
        } catch (StoreException | NumberFormatException e) {
            log.warn("Bot {} could not read whether Telegram chat {} was upgraded: {}", bot, chatId, e.toString());
            other = 0;
        }
        if (cache.size() > FORGET_ABOVE) {
            cache.values().removeIf(k -> k.other() == 0);
        }
        cache.put(chatId, new Known(other, now));
        return other;
    }

    private String toKey(long from) {
        return "telegram:" + bot + ":upgraded-to:" + from;
    }

    private String fromKey(long to) {
        return "telegram:" + bot + ":upgraded-from:" + to;
    }
}
