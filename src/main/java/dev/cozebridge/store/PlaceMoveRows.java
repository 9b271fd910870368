package dev.cozebridge.store;

/**
 * The SQL of {@link JdbcHistoryStore#movePlace}: a chat that got a new id takes its conversations, their turns and
 * resets, its pending suggestion buttons and its queued messages along.
 */
final class PlaceMoveRows {
    private PlaceMoveRows() {}

    /** A conversation of the old place and its scope. */
    record Scoped(long id, String scope) {}

    static final RowMapper<Scoped> SCOPED = row -> new Scoped(row.getLong("id"), row.getString("scope"));

    /**
     * The place itself, its forum topics ({@code place:topic}) and per-person scopes ({@code place/user:id}); the
     * separators keep {@code -12} from matching {@code -123}. Chat ids hold no LIKE wildcards.
     */
    static final String SELECT_PLACE_CONVERSATIONS = """
            SELECT id, scope FROM conversations
            WHERE bot = ? AND platform = ? AND (scope = ? OR scope LIKE ? OR scope LIKE ?)
            ORDER BY id
            FOR UPDATE""";

    static final String UPDATE_CONVERSATION_SCOPE = """
            UPDATE conversations SET scope = ? WHERE id = ?""";

    /** Turn ids grow across conversations, so the joined turns keep their order and resets their boundaries. */
    static final String UPDATE_TURNS_CONVERSATION = """
            UPDATE turns SET conversation_id = ? WHERE conversation_id = ?""";

    static final String UPDATE_RESETS_CONVERSATION = """
            UPDATE resets SET conversation_id = ? WHERE conversation_id = ?""";

    /** Buttons may exist without a conversation (a group's /start greeting), so they are found on their own. */
    static final String SELECT_SUGGESTION_SCOPES = """
            SELECT DISTINCT scope FROM suggestion_buttons
            WHERE bot = ? AND platform = ? AND (scope = ? OR scope LIKE ? OR scope LIKE ?)""";

    static final RowMapper<String> SCOPE = row -> row.getString("scope");

    static final String UPDATE_SUGGESTIONS_SCOPE = """
            UPDATE suggestion_buttons SET scope = ? WHERE bot = ? AND platform = ? AND scope = ?""";

    /**
     * Messages still waiting in the queue for the old place: they are answered in the new one, in the conversation
     * the history moved to. A lease held on an old scope is left alone: its holder finishes the answer it streams
     * (its writes follow the chat to the new id) and releases it.
     */
    static final String SELECT_QUEUED_SCOPES = """
            SELECT DISTINCT scope FROM inbound_queue
            WHERE bot = ? AND platform = ? AND (scope = ? OR scope LIKE ? OR scope LIKE ?)""";

    static final String UPDATE_QUEUED_SCOPE = """
            UPDATE inbound_queue SET scope = ? WHERE bot = ? AND platform = ? AND scope = ?""";
}
