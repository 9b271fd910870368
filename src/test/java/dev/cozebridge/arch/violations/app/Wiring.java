package dev.cozebridge.arch.violations.app;

import dev.cozebridge.arch.violations.store.Database;

/** The wiring, which may build the database. */
public record Wiring(Database database) {}
