package dev.cozebridge.store;

import static dev.cozebridge.store.TurnRows.*;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.store.TurnRows.Owned;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link HistoryStore} on plain JDBC; see {@code db/V1__create_conversations.sql} for the schema. A turn's text is
 * limited to {@value HistoryStore#MAX_TEXT_CHARS} characters; a longer one is refused with a {@link StoreException}.
 */
public final class JdbcHistoryStore implements HistoryStore {
    private final Jdbc jdbc;
    private final JdbcInboundQueue queue;
    /** Conversation rows are never deleted, so a key's id, once known, stays valid. */
    private final Map<ConversationKey, Long> conversationIds = new ConcurrentHashMap<>();

    private final String selectWindow;
    private final String selectLastReset;
    private final String selectLastQuestion;

    public JdbcHistoryStore(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.queue = new JdbcInboundQueue(jdbc);
        boolean h2 = jdbc.vendor() == Database.Vendor.H2;
        this.selectWindow = h2 ? SELECT_WINDOW_H2 : SELECT_WINDOW;
        this.selectLastReset = h2 ? SELECT_LAST_RESET_H2 : SELECT_LAST_RESET;
        this.selectLastQuestion = h2 ? SELECT_LAST_QUESTION_H2 : SELECT_LAST_QUESTION;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A null {@code platformMessageId} (a source without message ids) is never treated as a replay. The
     * replay check is the unique constraint itself, so concurrent deliveries of one event store exactly one turn.
     */
    @Override
    public Optional<Long> appendUserTurn(
            ConversationKey key, Author author, String text, String platformMessageId, Instant at) {
        Objects.requireNonNull(author, "author");
        checkLength(text, "message");
        Objects.requireNonNull(at, "at");
        long conversationId = conversationId(key, at);
        return jdbc.autoCommit(INSERT_USER_TURN, session -> {
            try {
                return Optional.of(session.insert(
                        INSERT_USER_TURN,
                        conversationId,
                        author.id(),
                        author.displayName(),
                        text,
                        platformMessageId,
                        at,
                        at));
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public void addFiles(long turnId, List<StoredFile> files) {
        Objects.requireNonNull(files, "files");
        if (files.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(files.size());
        for (StoredFile f : files) {
            rows.add(new Object[] {
                turnId, f.kind(), clip(f.name(), 500), f.cozeFileId(), f.size(), f.uploadedAt(), turnId
            });
        }
        jdbc.transaction(INSERT_FILE, session -> {
            if (session.queryOne(SELECT_TURN_EXISTS, ID, turnId).isEmpty()) {
                throw noSuchTurn(turnId, "record the files of the turn");
            }
            session.batch(INSERT_FILE, rows);
            return null;
        });
    }

    @Override
    public void reviseUserTurn(long turnId, String text) {
        checkLength(text, "message");
        if (jdbc.update(UPDATE_REVISE_USER_TURN, text, turnId) == 0) {
            throw noSuchTurn(turnId, "revise the user turn");
        }
    }

    @Override
    public Optional<LastExchange> lastExchange(ConversationKey key) {
        Optional<Long> conversationId = knownConversationId(key);
        if (conversationId.isEmpty()) {
            return Optional.empty();
        }
        long id = conversationId.get();
        return jdbc.autoCommit(selectLastQuestion, session -> {
            Optional<StoredTurn> question = session.queryOne(selectLastQuestion, TURN, id, id);
            if (question.isEmpty()) {
                return Optional.empty();
            }
            StoredTurn turn = withChildren(session, id, List.of(question.get())).getFirst();
            Optional<Long> answer = session.queryOne(SELECT_ANSWER_TO, ID, id, turn.id(), turn.id());
            List<MessageRef> messages = answer.isEmpty()
                    ? List.of()
                    : session.query(SELECT_TURN_MESSAGES, MESSAGE, answer.get()).stream()
                            .map(Owned::value)
                            .toList();
            return Optional.of(new LastExchange(turn, answer.orElse(0L), messages));
        });
    }

    @Override
    public void reopenAssistantTurn(long turnId) {
        jdbc.transaction(UPDATE_REOPEN, session -> {
            if (session.update(UPDATE_REOPEN, turnId) == 0) {
                throw noSuchTurn(turnId, "reopen the assistant turn");
            }
            session.update(DELETE_CITATIONS, turnId);
            return null;
        });
    }

    private static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    @Override
    public long beginAssistantTurn(ConversationKey key, long userTurnId, Instant at) {
        Objects.requireNonNull(at, "at");
        return jdbc.insert(INSERT_ASSISTANT_TURN, conversationId(key, at), userTurnId, at);
    }

    @Override
    public void addReplyMessage(long turnId, MessageRef message) {
        Objects.requireNonNull(message, "message");
        jdbc.autoCommit(INSERT_MESSAGE, session -> {
            try {
                return session.update(INSERT_MESSAGE, turnId, message.channelId(), message.messageId(), turnId);
            } catch (SQLException e) {
                if (Jdbc.isForeignKeyViolation(e)) {
                    throw noSuchTurn(turnId, "record a reply message");
                }
                throw e;
            }
        });
    }

    /** {@inheritDoc} Ignored once the turn has finished, so a late save cannot overwrite the final text. */
    @Override
    public void saveProgress(long turnId, String text) {
        checkLength(text, "reply");
        jdbc.autoCommit(UPDATE_PROGRESS, session -> {
            if (session.update(UPDATE_PROGRESS, text, turnId) == 0
                    && session.queryOne(SELECT_TURN_EXISTS, ID, turnId).isEmpty()) {
                throw noSuchTurn(turnId, "save reply progress");
            }
            return null;
        });
    }

    @Override
    public void finishAssistantTurn(
            long turnId, String text, TurnStatus status, TokenUsage usage, List<Citation> citations, Instant at) {
        checkLength(text, "reply");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        TokenUsage tokens = usage == null ? TokenUsage.NONE : usage;
        List<Citation> sources = citations == null ? List.of() : citations;
        jdbc.transaction(UPDATE_FINISH, session -> {
            int updated = session.update(
                    UPDATE_FINISH,
                    text,
                    status,
                    tokens.inputTokens(),
                    tokens.outputTokens(),
                    tokens.totalTokens(),
                    at,
                    turnId);
            if (updated == 0) {
                throw noSuchTurn(turnId, "finish the assistant turn");
            }
            session.update(DELETE_CITATIONS, turnId);
            List<Object[]> rows = new ArrayList<>(sources.size());
            for (int seq = 0; seq < sources.size(); seq++) {
                Citation c = sources.get(seq);
                rows.add(new Object[] {turnId, seq, c.documentId(), c.title(), c.url(), scoreColumn(c.score())});
            }
            session.batch(INSERT_CITATION, rows);
            return null;
        });
    }

    @Override
    public void setStatus(long turnId, TurnStatus status) {
        Objects.requireNonNull(status, "status");
        if (jdbc.update(UPDATE_STATUS, status, turnId) == 0) {
            throw noSuchTurn(turnId, "set the status");
        }
    }

    @Override
    public List<StoredTurn> window(ConversationKey key, int maxTurns, int maxChars) {
        if (maxTurns < 1 || maxChars < 0) {
            throw new IllegalArgumentException(
                    "window needs maxTurns >= 1 and maxChars >= 0, got " + maxTurns + " and " + maxChars);
        }
        Optional<Long> conversationId = knownConversationId(key);
        if (conversationId.isEmpty()) {
            return List.of();
        }
        long id = conversationId.get();
        return jdbc.autoCommit(selectWindow, session -> {
            List<StoredTurn> newestFirst = session.query(selectWindow, TURN, id, id, maxTurns);
            List<StoredTurn> kept = new ArrayList<>(newestFirst.size());
            long chars = 0;
            for (StoredTurn turn : newestFirst) {
                chars += turn.text().length();
                if (!kept.isEmpty() && chars > maxChars) {
                    break;
                }
                kept.add(turn);
            }
            Collections.reverse(kept);
            return withChildren(session, id, kept);
        });
    }

    @Override
    public List<StoredTurn> turns(ConversationKey key) {
        Optional<Long> conversationId = knownConversationId(key);
        if (conversationId.isEmpty()) {
            return List.of();
        }
        long id = conversationId.get();
        return jdbc.autoCommit(
                SELECT_ALL_TURNS, session -> withChildren(session, id, session.query(SELECT_ALL_TURNS, TURN, id)));
    }

    @Override
    public void reset(ConversationKey key, Author by, Instant at) {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        long id = conversationId(key, at);
        jdbc.update(INSERT_RESET, id, by.id(), by.displayName(), at, id);
    }

    @Override
    public boolean exists(ConversationKey key) {
        return knownConversationId(key).isPresent();
    }

    @Override
    public Optional<ResetRecord> lastReset(ConversationKey key) {
        return knownConversationId(key).flatMap(id -> jdbc.queryOne(selectLastReset, RESET, id));
    }

    @Override
    public List<UnfinishedReply> unfinished(String bot, String platform) {
        Objects.requireNonNull(bot, "bot");
        Objects.requireNonNull(platform, "platform");
        return jdbc.autoCommit(SELECT_UNFINISHED, session -> {
            List<UnfinishedReply> replies = session.query(SELECT_UNFINISHED, UNFINISHED, bot, platform);
            Map<Long, List<MessageRef>> messages =
                    byTurn(session.query(SELECT_UNFINISHED_MESSAGES, MESSAGE, bot, platform));
            return replies.stream()
                    .map(r -> new UnfinishedReply(
                            r.turnId(),
                            r.key(),
                            r.text(),
                            messages.getOrDefault(r.turnId(), List.of()),
                            r.questionMessageId()))
                    .toList();
        });
    }

    @Override
    public List<UnfinishedReply> unfinished(ConversationKey key) {
        Objects.requireNonNull(key, "key");
        return jdbc.autoCommit(SELECT_UNFINISHED_IN_CONVERSATION, session -> {
            List<UnfinishedReply> replies = session.query(
                    SELECT_UNFINISHED_IN_CONVERSATION, UNFINISHED, key.bot(), key.platform(), key.scope());
            if (replies.isEmpty()) {
                return List.of();
            }
            Map<Long, List<MessageRef>> messages = byTurn(session.query(
                    SELECT_UNFINISHED_MESSAGES_IN_CONVERSATION, MESSAGE, key.bot(), key.platform(), key.scope()));
            return replies.stream()
                    .map(r -> new UnfinishedReply(
                            r.turnId(),
                            r.key(),
                            r.text(),
                            messages.getOrDefault(r.turnId(), List.of()),
                            r.questionMessageId()))
                    .toList();
        });
    }

    @Override
    public Optional<StoredQuestion> question(ConversationKey key, String platformMessageId) {
        if (platformMessageId == null) {
            return Optional.empty();
        }
        Optional<Long> conversationId = knownConversationId(key);
        if (conversationId.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.queryOne(
                SELECT_QUESTION,
                row -> new StoredQuestion(
                        row.getLong("id"), TurnStatus.valueOf(row.getString("status")), row.getLong("answers") > 0),
                conversationId.get(),
                platformMessageId);
    }

    @Override
    public InboundQueue queue() {
        return queue;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The old conversation rows stay (ids once known stay valid, see {@link #conversationIds}): renamed to the
     * new scope, or left empty where the new scope existed. The cache then maps the old and the new key to the
     * moved history, so an answer still being written under the old key lands there too.
     */
    @Override
    public int movePlace(String bot, String platform, String fromPlace, String toPlace) {
        Objects.requireNonNull(bot, "bot");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(fromPlace, "fromPlace");
        Objects.requireNonNull(toPlace, "toPlace");
        if (fromPlace.equals(toPlace)) {
            return 0;
        }
        Map<ConversationKey, Long> moved = jdbc.transaction(PlaceMoveRows.SELECT_PLACE_CONVERSATIONS, session -> {
            Map<ConversationKey, Long> targets = new HashMap<>();
            List<PlaceMoveRows.Scoped> old = session.query(
                    PlaceMoveRows.SELECT_PLACE_CONVERSATIONS,
                    PlaceMoveRows.SCOPED,
                    bot,
                    platform,
                    fromPlace,
                    fromPlace + ":%",
                    fromPlace + "/%");
            for (PlaceMoveRows.Scoped conversation : old) {
                String scope = toPlace + conversation.scope().substring(fromPlace.length());
                Optional<Long> existing = session.queryOne(SELECT_CONVERSATION_ID, ID, bot, platform, scope);
                long target;
                if (existing.isEmpty()) {
                    session.update(PlaceMoveRows.UPDATE_CONVERSATION_SCOPE, scope, conversation.id());
                    target = conversation.id();
                } else {
                    target = existing.get();
                    session.update(PlaceMoveRows.UPDATE_TURNS_CONVERSATION, target, conversation.id());
                    session.update(PlaceMoveRows.UPDATE_RESETS_CONVERSATION, target, conversation.id());
                }
                targets.put(new ConversationKey(bot, platform, conversation.scope()), target);
                targets.put(new ConversationKey(bot, platform, scope), target);
            }
            List<String> buttonScopes = session.query(
                    PlaceMoveRows.SELECT_SUGGESTION_SCOPES,
                    PlaceMoveRows.SCOPE,
                    bot,
                    platform,
                    fromPlace,
                    fromPlace + ":%",
                    fromPlace + "/%");
            for (String scope : buttonScopes) {
                session.update(
                        PlaceMoveRows.UPDATE_SUGGESTIONS_SCOPE,
                        toPlace + scope.substring(fromPlace.length()),
                        bot,
                        platform,
                        scope);
            }
            List<String> queuedScopes = session.query(
                    PlaceMoveRows.SELECT_QUEUED_SCOPES,
                    PlaceMoveRows.SCOPE,
                    bot,
                    platform,
                    fromPlace,
                    fromPlace + ":%",
                    fromPlace + "/%");
            for (String scope : queuedScopes) {
                session.update(
                        PlaceMoveRows.UPDATE_QUEUED_SCOPE,
                        toPlace + scope.substring(fromPlace.length()),
                        bot,
                        platform,
                        scope);
            }
            return targets;
        });
        conversationIds.putAll(moved);
        // two keys, the old and the new, per moved conversation
        return moved.size() / 2;
    }

    private static void checkLength(String text, String what) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT_CHARS) {
            throw new StoreException(
                    "The " + what + " is " + text.length() + " characters long; the history keeps at most "
                            + MAX_TEXT_CHARS,
                    null);
        }
    }

    /** Attaches reply messages, citations and files with three range queries instead of three per turn. */
    private static List<StoredTurn> withChildren(JdbcSession session, long conversationId, List<StoredTurn> turns)
            throws SQLException {
        if (turns.isEmpty()) {
            return List.of();
        }
        long first = turns.getFirst().id();
        long last = turns.getLast().id();
        Map<Long, List<MessageRef>> messages =
                byTurn(session.query(SELECT_MESSAGES_IN_RANGE, MESSAGE, conversationId, first, last));
        Map<Long, List<Citation>> citations =
                byTurn(session.query(SELECT_CITATIONS_IN_RANGE, CITATION, conversationId, first, last));
        Map<Long, List<StoredFile>> files =
                byTurn(session.query(SELECT_FILES_IN_RANGE, FILE, conversationId, first, last));
        List<StoredTurn> complete = new ArrayList<>(turns.size());
        for (StoredTurn t : turns) {
            complete.add(new StoredTurn(
                    t.id(),
                    t.role(),
                    t.author(),
                    t.text(),
                    t.status(),
                    t.platformMessageId(),
                    messages.getOrDefault(t.id(), List.of()),
                    t.usage(),
                    citations.getOrDefault(t.id(), List.of()),
                    t.at(),
                    files.getOrDefault(t.id(), List.of())));
        }
        return List.copyOf(complete);
    }

    private static <T> Map<Long, List<T>> byTurn(List<Owned<T>> rows) {
        Map<Long, List<T>> grouped = new HashMap<>();
        for (Owned<T> row : rows) {
            grouped.computeIfAbsent(row.turnId(), id -> new ArrayList<>()).add(row.value());
        }
        grouped.replaceAll((id, values) -> List.copyOf(values));
        return grouped;
    }

    /** The conversation's id, if it has ever been written to; reads never create one. */
    private Optional<Long> knownConversationId(ConversationKey key) {
        Objects.requireNonNull(key, "key");
        Long cached = conversationIds.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Long> found = jdbc.queryOne(SELECT_CONVERSATION_ID, ID, key.bot(), key.platform(), key.scope());
        found.ifPresent(id -> conversationIds.put(key, id));
        return found;
    }

    /** The conversation's id, creating its row on first use; safe when two threads create it at once. */
    private long conversationId(ConversationKey key, Instant at) {
        Optional<Long> known = knownConversationId(key);
        if (known.isPresent()) {
            return known.get();
        }
        long id = jdbc.autoCommit(INSERT_CONVERSATION, session -> {
            try {
                return session.insert(INSERT_CONVERSATION, key.bot(), key.platform(), key.scope(), at);
            } catch (SQLException e) {
                if (!Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
                // another thread created it between our read and our insert
                return session.queryOne(SELECT_CONVERSATION_ID, ID, key.bot(), key.platform(), key.scope())
                        .orElseThrow(() -> e);
            }
        });
        conversationIds.put(key, id);
        return id;
    }
}
