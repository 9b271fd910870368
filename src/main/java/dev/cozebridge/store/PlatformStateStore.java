package dev.cozebridge.store;

import java.util.Optional;

/** Small per-adapter state that must survive restarts (e.g. Telegram's last confirmed update id). */
public interface PlatformStateStore {
    Optional<String> get(String key);

    void put(String key, String value);
}
