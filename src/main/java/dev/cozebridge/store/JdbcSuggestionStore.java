package dev.cozebridge.store;

import dev.cozebridge.core.ConversationKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link SuggestionStore} on the {@code suggestion_buttons} table. */
public final class JdbcSuggestionStore implements SuggestionStore {

    static final String INSERT_BUTTON = """
            INSERT INTO suggestion_buttons (id, batch, bot, platform, scope, question, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    static final String SELECT_BUTTON = """
            SELECT id, batch, bot, platform, scope, question, created_at, expires_at
            FROM suggestion_buttons WHERE id = ? AND expires_at >= ?""";

    static final String DELETE_BATCH = """
            DELETE FROM suggestion_buttons WHERE batch = ?""";

    static final String DELETE_EXPIRED = """
            DELETE FROM suggestion_buttons WHERE expires_at < ?""";

    static final RowMapper<StoredSuggestion> BUTTON = row -> new StoredSuggestion(
            row.getString("id"),
            row.getString("batch"),
            new ConversationKey(row.getString("bot"), row.getString("platform"), row.getString("scope")),
            row.getString("question"),
            JdbcSession.instant(row, "created_at"),
            JdbcSession.instant(row, "expires_at"));

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** 12 characters of 62: about 71 bits, unguessable for the life of a button. */
    private static final int ID_LENGTH = 12;

    private final Jdbc jdbc;
    private final SecureRandom random = new SecureRandom();

    public JdbcSuggestionStore(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    @Override
    public List<Issued> issue(ConversationKey key, List<String> questions, Instant at, Instant expiresAt) {
        String batch = newId();
        List<Issued> issued = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (String question : questions) {
            if (question == null || question.isBlank() || question.length() > MAX_QUESTION) {
                continue;
            }
            String id = newId();
            issued.add(new Issued(id, question));
            rows.add(new Object[] {id, batch, key.bot(), key.platform(), key.scope(), question, at, expiresAt});
        }
        if (!rows.isEmpty()) {
            jdbc.transaction(INSERT_BUTTON, session -> {
                session.batch(INSERT_BUTTON, rows);
                return null;
            });
        }
        return issued;
    }

    @Override
    public Optional<StoredSuggestion> find(String id, Instant now) {
        return jdbc.queryOne(SELECT_BUTTON, BUTTON, id, now);
    }

    @Override
    public boolean claim(StoredSuggestion button) {
        return jdbc.update(DELETE_BATCH, button.batch()) > 0;
    }

    @Override
    public int purgeExpired(Instant now) {
        return jdbc.update(DELETE_EXPIRED, now);
    }

    private String newId() {
        char[] id = new char[ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
