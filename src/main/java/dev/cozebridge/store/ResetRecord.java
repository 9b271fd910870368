package dev.cozebridge.store;

import java.time.Instant;

public record ResetRecord(String byId, String byName, Instant at) {}
