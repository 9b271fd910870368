package dev.cozebridge.arch.violations.platform;

/** The adapter contract, which the core may use. */
public interface Adapter {}
