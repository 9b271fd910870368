package dev.cozebridge.store;

import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import java.util.List;

/** The SQL of {@link JdbcHistoryStore} and the row mappers that read its results. */
final class TurnRows {
    private TurnRows() {}

    // --- conversations and resets

    static final String SELECT_CONVERSATION_ID = """
            SELECT id FROM conversations WHERE bot = ? AND platform = ? AND scope = ?""";

    static final String INSERT_CONVERSATION = """
            INSERT INTO conversations (bot, platform, scope, created_at) VALUES (?, ?, ?, ?)""";

    /** One statement, so no turn can slip in between reading the boundary and recording the reset. */
    static final String INSERT_RESET = """
            INSERT INTO resets (conversation_id, last_turn_id, by_id, by_name, reset_at)
            SELECT ?, COALESCE(MAX(id), 0), ?, ?, ? FROM turns WHERE conversation_id = ?""";

    static final String SELECT_LAST_RESET = """
            SELECT by_id, by_name, reset_at FROM resets
            WHERE conversation_id = ?
            ORDER BY conversation_id DESC, id DESC
            LIMIT 1""";

    /** H2 needs the index named to walk it backwards (see {@link #SELECT_WINDOW_H2}); PostgreSQL has no hints. */
    static final String SELECT_LAST_RESET_H2 =
            SELECT_LAST_RESET.replace("FROM resets", "FROM resets USE INDEX (ix_resets_conversation_id)");

    static final RowMapper<Long> ID = row -> row.getLong(1);

    static final RowMapper<ResetRecord> RESET = row ->
            new ResetRecord(row.getString("by_id"), row.getString("by_name"), JdbcSession.instant(row, "reset_at"));

    // --- turns

    private static final String TURN_COLUMNS = """
            t.id, t.role, t.author_id, t.author_name, t.text, t.status, t.platform_message_id,
            t.input_tokens, t.output_tokens, t.total_tokens, t.created_at""";

    static final String INSERT_USER_TURN = """
            INSERT INTO turns (conversation_id, role, author_id, author_name, text, status, platform_message_id,
                               created_at, finished_at)
            VALUES (?, 'USER', ?, ?, ?, 'COMPLETE', ?, ?, ?)""";

    static final String INSERT_ASSISTANT_TURN = """
            INSERT INTO turns (conversation_id, role, text, status, in_reply_to, created_at)
            VALUES (?, 'ASSISTANT', '', 'STREAMING', ?, ?)""";

    /** Only while streaming: a late progress save must never overwrite the final text. */
    static final String UPDATE_PROGRESS = """
            UPDATE turns SET text = ? WHERE id = ? AND status = 'STREAMING'""";

    static final String SELECT_TURN_EXISTS = """
            SELECT id FROM turns WHERE id = ?""";

    static final String UPDATE_FINISH = """
            UPDATE turns SET text = ?, status = ?, input_tokens = ?, output_tokens = ?, total_tokens = ?,
                             finished_at = ?
            WHERE id = ? AND role = 'ASSISTANT'""";

    static final String UPDATE_STATUS = """
            UPDATE turns SET status = ? WHERE id = ?""";

    /**
     * The newest relayable turns after the last reset, newest first. Walks the (conversation_id, id) index
     * backwards and stops after {@code LIMIT} matches, so its cost does not grow with the conversation's length.
     * H2 only reads the index in order when the ORDER BY names all its columns in one direction. PostgreSQL
     * plans the backward index scan itself.
     */
    static final String SELECT_WINDOW = "SELECT " + TURN_COLUMNS + """

            FROM turns t
            WHERE t.conversation_id = ?
              AND t.id > COALESCE((SELECT MAX(r.last_turn_id) FROM resets r WHERE r.conversation_id = ?), 0)
              AND t.status IN ('COMPLETE', 'PARTIAL')
            ORDER BY t.conversation_id DESC, t.id DESC
            LIMIT ?""";

    /**
     * H2's form of {@link #SELECT_WINDOW}: vendor SQL because H2's optimizer would otherwise prefer the dedupe
     * index and sort every turn of the conversation; the hint is H2 syntax that PostgreSQL rejects.
     */
    static final String SELECT_WINDOW_H2 =
            SELECT_WINDOW.replace("FROM turns t\n", "FROM turns t USE INDEX (ix_turns_conversation_id)\n");

    /** The newest user turn after the last reset, whatever its status (the same index walk as the window). */
    static final String SELECT_LAST_QUESTION = "SELECT " + TURN_COLUMNS + """

            FROM turns t
            WHERE t.conversation_id = ?
              AND t.id > COALESCE((SELECT MAX(r.last_turn_id) FROM resets r WHERE r.conversation_id = ?), 0)
              AND t.role = 'USER'
            ORDER BY t.conversation_id DESC, t.id DESC
            LIMIT 1""";

    /** H2's form of {@link #SELECT_LAST_QUESTION}, with the index hint of {@link #SELECT_WINDOW_H2}. */
    static final String SELECT_LAST_QUESTION_H2 =
            SELECT_LAST_QUESTION.replace("FROM turns t\n", "FROM turns t USE INDEX (ix_turns_conversation_id)\n");

    /** The assistant turn answering a user turn; it comes after it in the same conversation. */
    static final String SELECT_ANSWER_TO = """
            SELECT t.id FROM turns t
            WHERE t.conversation_id = ? AND t.id > ? AND t.in_reply_to = ? AND t.role = 'ASSISTANT'
            ORDER BY t.id
            LIMIT 1""";

    static final String UPDATE_REVISE_USER_TURN = """
            UPDATE turns SET text = ?, status = 'COMPLETE' WHERE id = ? AND role = 'USER'""";

    static final String UPDATE_REOPEN = """
            UPDATE turns SET text = '', status = 'STREAMING', input_tokens = 0, output_tokens = 0, total_tokens = 0,
                             finished_at = NULL
            WHERE id = ? AND role = 'ASSISTANT'""";

    static final String SELECT_ALL_TURNS = "SELECT " + TURN_COLUMNS + """

            FROM turns t
            WHERE t.conversation_id = ?
            ORDER BY t.id""";

    static final RowMapper<StoredTurn> TURN = row -> {
        Role role = Role.valueOf(row.getString("role"));
        Author author = role == Role.USER ? new Author(row.getString("author_id"), row.getString("author_name")) : null;
        TokenUsage usage =
                new TokenUsage(row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("total_tokens"));
        return new StoredTurn(
                row.getLong("id"),
                role,
                author,
                row.getString("text"),
                TurnStatus.valueOf(row.getString("status")),
                row.getString("platform_message_id"),
                List.of(),
                usage,
                List.of(),
                JdbcSession.instant(row, "created_at"));
    };

    // --- reply messages

    /** Appends at the next sequence number; the primary key turns a (never expected) race into an error. */
    static final String INSERT_MESSAGE = """
            INSERT INTO turn_messages (turn_id, seq, channel_id, message_id)
            SELECT ?, COALESCE(MAX(seq) + 1, 0), ?, ? FROM turn_messages WHERE turn_id = ?""";

    /** Messages of the conversation's turns with ids in [?, ?]; the caller keeps those of the turns it holds. */
    static final String SELECT_MESSAGES_IN_RANGE = """
            SELECT m.turn_id, m.channel_id, m.message_id
            FROM turns t JOIN turn_messages m ON m.turn_id = t.id
            WHERE t.conversation_id = ? AND t.id BETWEEN ? AND ?
            ORDER BY m.turn_id, m.seq""";

    static final String SELECT_TURN_MESSAGES = """
            SELECT m.turn_id, m.channel_id, m.message_id FROM turn_messages m WHERE m.turn_id = ? ORDER BY m.seq""";

    static final RowMapper<Owned<MessageRef>> MESSAGE = row -> new Owned<>(
            row.getLong("turn_id"), new MessageRef(row.getString("channel_id"), row.getString("message_id")));

    // --- files

    /** Appends at the next sequence number of the turn. */
    static final String INSERT_FILE = """
            INSERT INTO turn_files (turn_id, seq, kind, name, coze_file_id, size_bytes, uploaded_at)
            SELECT ?, COALESCE(MAX(seq) + 1, 0), ?, ?, ?, ?, ? FROM turn_files WHERE turn_id = ?""";

    static final String SELECT_FILES_IN_RANGE = """
            SELECT f.turn_id, f.kind, f.name, f.coze_file_id, f.size_bytes, f.uploaded_at
            FROM turns t JOIN turn_files f ON f.turn_id = t.id
            WHERE t.conversation_id = ? AND t.id BETWEEN ? AND ?
            ORDER BY f.turn_id, f.seq""";

    static final RowMapper<Owned<StoredFile>> FILE = row -> new Owned<>(
            row.getLong("turn_id"),
            new StoredFile(
                    Attachment.Kind.valueOf(row.getString("kind")),
                    row.getString("name"),
                    row.getString("coze_file_id"),
                    row.getLong("size_bytes"),
                    JdbcSession.instant(row, "uploaded_at")));

    // --- citations

    static final String DELETE_CITATIONS = """
            DELETE FROM turn_citations WHERE turn_id = ?""";

    static final String INSERT_CITATION = """
            INSERT INTO turn_citations (turn_id, seq, document_id, title, url, score) VALUES (?, ?, ?, ?, ?, ?)""";

    static final String SELECT_CITATIONS_IN_RANGE = """
            SELECT c.turn_id, c.document_id, c.title, c.url, c.score
            FROM turns t JOIN turn_citations c ON c.turn_id = t.id
            WHERE t.conversation_id = ? AND t.id BETWEEN ? AND ?
            ORDER BY c.turn_id, c.seq""";

    static final RowMapper<Owned<Citation>> CITATION = row -> {
        double score = row.getDouble("score");
        if (row.wasNull()) {
            score = Double.NaN;
        }
        return new Owned<>(
                row.getLong("turn_id"),
                new Citation(row.getString("document_id"), row.getString("title"), row.getString("url"), score));
    };

    /** NaN ("no score") is stored as NULL. */
    static Double scoreColumn(double score) {
        return Double.isNaN(score) ? null : score;
    }

    // --- unfinished replies

    private static final String UNFINISHED_FILTER = """
            WHERE t.role = 'ASSISTANT' AND t.status = 'STREAMING' AND c.bot = ? AND c.platform = ?""";

    /** The question's platform message id comes along, so a recovered reply can quote its question. */
    static final String SELECT_UNFINISHED = """
            SELECT t.id, t.text, c.bot, c.platform, c.scope, q.platform_message_id AS question_message_id
            FROM turns t JOIN conversations c ON c.id = t.conversation_id LEFT JOIN turns q ON q.id = t.in_reply_to
            """ + UNFINISHED_FILTER + """

            ORDER BY t.id""";

    private static final String UNFINISHED_IN_CONVERSATION = """
            WHERE t.role = 'ASSISTANT' AND t.status = 'STREAMING' AND c.bot = ? AND c.platform = ? AND c.scope = ?""";

    static final String SELECT_UNFINISHED_IN_CONVERSATION = """
            SELECT t.id, t.text, c.bot, c.platform, c.scope, q.platform_message_id AS question_message_id
            FROM turns t JOIN conversations c ON c.id = t.conversation_id LEFT JOIN turns q ON q.id = t.in_reply_to
            """ + UNFINISHED_IN_CONVERSATION + """

            ORDER BY t.id""";

    static final String SELECT_UNFINISHED_MESSAGES_IN_CONVERSATION = """
            SELECT m.turn_id, m.channel_id, m.message_id
            FROM turns t JOIN conversations c ON c.id = t.conversation_id JOIN turn_messages m ON m.turn_id = t.id
            """ + UNFINISHED_IN_CONVERSATION + """

            ORDER BY m.turn_id, m.seq""";

    /** The user turn of a platform message and whether an assistant turn answers it (kept on the same index). */
    static final String SELECT_QUESTION = """
            SELECT t.id, t.status,
                   (SELECT COUNT(*) FROM turns a
                    WHERE a.conversation_id = t.conversation_id AND a.in_reply_to = t.id) AS answers
            FROM turns t
            WHERE t.conversation_id = ? AND t.platform_message_id = ? AND t.role = 'USER'""";

    static final String SELECT_UNFINISHED_MESSAGES = """
            SELECT m.turn_id, m.channel_id, m.message_id
            FROM turns t JOIN conversations c ON c.id = t.conversation_id JOIN turn_messages m ON m.turn_id = t.id
            """ + UNFINISHED_FILTER + """

            ORDER BY m.turn_id, m.seq""";

    static final RowMapper<UnfinishedReply> UNFINISHED = row -> new UnfinishedReply(
            row.getLong("id"),
            new ConversationKey(row.getString("bot"), row.getString("platform"), row.getString("scope")),
            row.getString("text"),
            List.of(),
            row.getString("question_message_id"));

    /** A child row together with the id of the turn it belongs to. */
    record Owned<T>(long turnId, T value) {}

    static StoreException noSuchTurn(long turnId, String what) {
        return new StoreException("Cannot " + what + ": no turn with id " + turnId, null);
    }
}
