package dev.cozebridge.store;

import static dev.cozebridge.store.StoreFixture.ALICE;
import static dev.cozebridge.store.StoreFixture.KEY;
import static dev.cozebridge.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's cost must not grow with the conversation: H2 must read the index backwards and stop early. */
class WindowQueryPlanTest {
    @TempDir
    Path dir;

    @Test
    void windowReadsOnlyTheRowsItReturns() throws Exception {
        try (StoreFixture fx = new StoreFixture(dir)) {
            for (int i = 0; i < 500; i++) {
                fx.history.appendUserTurn(KEY, ALICE, "turn " + i, "m-" + i, T0);
            }
            fx.history.reset(KEY, ALICE, T0);
            for (int i = 500; i < 1000; i++) {
                fx.history.appendUserTurn(KEY, ALICE, "turn " + i, "m-" + i, T0);
            }
            long conversationId = conversationId(fx);

            String plan = explainAnalyze(fx, TurnRows.SELECT_WINDOW_H2, conversationId, conversationId, 20);

            assertThat(plan).contains("IX_TURNS_CONVERSATION_ID").contains("/* index sorted */");
            assertThat(plan).as(plan).contains("scanCount: 20 */");
            assertThat(explainAnalyze(fx, TurnRows.SELECT_LAST_RESET_H2, conversationId))
                    .contains("/* index sorted */");
        }
    }

    private static long conversationId(StoreFixture fx) throws Exception {
        try (Connection c = fx.database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(TurnRows.SELECT_CONVERSATION_ID)) {
            s.setString(1, KEY.bot());
            s.setString(2, KEY.platform());
            s.setString(3, KEY.scope());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String explainAnalyze(StoreFixture fx, String sql, Object... params) throws Exception {
        try (Connection c = fx.database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("EXPLAIN ANALYZE " + sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
