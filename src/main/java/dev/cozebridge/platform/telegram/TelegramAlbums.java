package dev.cozebridge.platform.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Collects the pictures of an album. Telegram sends an album as one update per item sharing a
 * {@code media_group_id}, with no count and no end marker (media-and-interactions §2.2), so the items are kept per
 * chat and group until {@code window} passes without another one (at most {@link #HARD_CAP} after the first), then
 * handed on together, in message order. An item arriving after that starts a new album of its own.
 */
final class TelegramAlbums {
    private static final Logger log = LoggerFactory.getLogger(TelegramAlbums.class);
    /** The longest an album is held, however slowly its items arrive. */
    static final Duration HARD_CAP = Duration.ofSeconds(10);

    private final Duration window;
    private final ScheduledExecutorService timer;
    private final Consumer<List<Message>> complete;
    private final Map<String, Pending> pending = new HashMap<>();

    private static final class Pending {
        final List<Message> items = new ArrayList<>();
        final long firstNanos = System.nanoTime();
        ScheduledFuture<?> flush;
    }

    /** @param complete gets each complete album, on the timer's thread */
    TelegramAlbums(Duration window, ScheduledExecutorService timer, Consumer<List<Message>> complete) {
        this.window = window;
        this.timer = timer;
        this.complete = complete;
    }

    /** Adds one item; returns at once. */
    synchronized void add(Message item) {
        String key = item.getChatId() + ":" + item.getMediaGroupId();
        Pending album = pending.computeIfAbsent(key, k -> new Pending());
        album.items.add(item);
        if (album.flush != null) {
            album.flush.cancel(false);
        }
        long left = HARD_CAP.toNanos() - (System.nanoTime() - album.firstNanos);
        long delay = Math.max(0, Math.min(window.toNanos(), left));
        try {
            album.flush = timer.schedule(() -> flush(key, album), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            pending.remove(key);
            log.debug("Telegram album in chat {} dropped: the adapter is stopping", item.getChatId());
        }
    }

    private void flush(String key, Pending album) {
        List<Message> items;
        synchronized (this) {
            if (pending.get(key) != album) {
                return;
            }
            pending.remove(key);
            items = new ArrayList<>(album.items);
        }
        items.sort(Comparator.comparing(Message::getMessageId));
        try {
            complete.accept(List.copyOf(items));
        } catch (RuntimeException e) {
            log.error("Telegram album {} could not be handled", key, e);
        }
    }
}
