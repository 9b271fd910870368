package dev.cozebridge.config;

import java.util.Objects;

/** A secret read from the environment. {@link #toString()} never reveals it, so it cannot leak into logs. */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    /** The raw value, for the one place that must send it (an Authorization header). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
