package dev.cozebridge.config;

import java.util.List;

/** The configuration is unusable; {@link #problems()} lists every problem, each with its YAML path. */
public class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
