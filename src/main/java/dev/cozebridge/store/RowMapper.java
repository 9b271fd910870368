package dev.cozebridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Turns the current row of a result set into a value; must not move the cursor. */
@FunctionalInterface
public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
}
