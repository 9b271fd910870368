package dev.cozebridge.core;

/** Who wrote a message: the platform's user id and the name shown to other people. */
public record Author(String id, String displayName) {}
