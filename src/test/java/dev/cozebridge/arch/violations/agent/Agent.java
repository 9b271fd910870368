package dev.cozebridge.arch.violations.agent;

/** The agent contract. */
public interface Agent {}
