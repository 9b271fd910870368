package dev.cozebridge.platform.telegram;

import dev.cozebridge.store.PlatformStateStore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory state store for adapter-only tests; the end-to-end tests use the H2 store. */
final class MapStateStore implements PlatformStateStore {
    final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void put(String key, String value) {
        values.put(key, value);
    }
}
