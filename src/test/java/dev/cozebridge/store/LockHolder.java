package dev.cozebridge.store;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Run in a child JVM by {@link DatabaseLockTest}: holds an H2 file open, as a second coze-bridge on the same file
 * would, until its standard input closes.
 */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (Connection ignored = DriverManager.getConnection(args[0], "sa", "")) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
