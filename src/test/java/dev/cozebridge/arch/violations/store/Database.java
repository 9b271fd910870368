package dev.cozebridge.arch.violations.store;

/** A store implementation, for the wiring only. */
public final class Database {}
