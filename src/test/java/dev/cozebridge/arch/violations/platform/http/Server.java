package dev.cozebridge.arch.violations.platform.http;

import dev.cozebridge.arch.violations.platform.Adapter;

/** Javalin may live here; this one needs nothing but the contract. */
public record Server(Adapter adapter) {}
