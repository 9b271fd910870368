package dev.cozebridge.core;

public enum Role {
    USER,
    ASSISTANT
}
