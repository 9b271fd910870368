package dev.cozebridge.conversation;

import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.MessageAction;
import dev.cozebridge.store.StoredSuggestion;
import dev.cozebridge.store.SuggestionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ids on the bot's buttons. A Stop button carries its reply's turn id ({@code st:<turn>}): the reply it stops
 * lives in this process only, so nothing needs storing. A suggestion carries the id of its stored question
 * ({@code fu:<id>}), at most 15 ASCII characters, far inside Telegram's 64 bytes and Discord's 100 characters.
 */
final class Buttons {

    private static final Logger log = LoggerFactory.getLogger(Buttons.class);
    static final String STOP = "st:";
    static final String SUGGESTION = "fu:";
    /** Expired questions are deleted at most this often. */
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final SuggestionStore store;
    private final Clock clock;
    private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);

    /** @param store where suggestions wait to be pressed, or null for none (no suggestion buttons then) */
    Buttons(SuggestionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    MessageAction stop(long turnId, Catalog catalog) {
        return new MessageAction(STOP + turnId, catalog.get(Text.BUTTON_STOP), MessageAction.Kind.STOP);
    }

    /** The turn a Stop button stops, or -1 when {@code actionId} is not one. */
    static long stoppedTurn(String actionId) {
        if (!actionId.startsWith(STOP)) {
            return -1;
        }
        try {
            return Long.parseLong(actionId.substring(STOP.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Stores {@code questions} as the buttons of one message in {@code key}; they work for {@code lifetime}. */
    List<MessageAction> suggestions(ConversationKey key, List<String> questions, Duration lifetime) {
        if (store == null || questions.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        purgeNowAndThen(now);
        return store.issue(key, questions, now, now.plus(lifetime)).stream()
                .map(issued ->
                        new MessageAction(SUGGESTION + issued.id(), issued.question(), MessageAction.Kind.SUGGESTION))
                .toList();
    }

    /** The stored suggestion behind a pressed button, unless it is unknown or expired. */
    Optional<StoredSuggestion> suggestion(String actionId) {
        if (store == null || !actionId.startsWith(SUGGESTION)) {
            return Optional.empty();
        }
        return store.find(actionId.substring(SUGGESTION.length()), clock.instant());
    }

    /** Uses the buttons of a message; false when a concurrent press used them first. */
    boolean claim(StoredSuggestion suggestion) {
        return store.claim(suggestion);
    }

    private void purgeNowAndThen(Instant now) {
        long due = nextPurge.get();
        if (now.toEpochMilli() < due
                || !nextPurge.compareAndSet(due, now.plus(PURGE_EVERY).toEpochMilli())) {
            return;
        }
        try {
            int purged = store.purgeExpired(now);
            if (purged > 0) {
                log.debug("deleted {} expired suggestion button(s)", purged);
            }
        } catch (RuntimeException e) {
            log.warn("could not delete expired suggestion buttons", e);
        }
    }
}
