package dev.cozebridge.arch.violations.platform.telegram;

import dev.cozebridge.arch.violations.store.Database;

/** An adapter that opens the database itself instead of taking a store interface. */
public record Inbound(Database database) {}
