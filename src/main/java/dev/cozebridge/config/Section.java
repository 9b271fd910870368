package dev.cozebridge.config;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One YAML mapping being read: typed getters that record a problem (with the YAML path) instead of failing, and
 * remember which keys were read so that {@link #rejectUnknown()} can report the rest.
 */
final class Section {
    private static final Pattern BYTES = Pattern.compile("(\\d{1,12})\\s*([KkMmGg][Bb]?|[Bb])?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?\\d+");
    /** {@code scheme://user:password@host}: userinfo, found even where the URL does not parse. */
    private static final Pattern USERINFO = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/*[^/?#]*@");
    /** The longest duration any key takes; beyond it, values are typos (and overflow the HTTP clients). */
    private static final Duration MAX_DURATION = Duration.ofHours(24);

    private final String path;
    private final Map<String, YamlTree> entries;
    private final List<String> problems;
    private final Set<String> read = new HashSet<>();
    /** Every key path any section of this load asked for ({@code bots[].coze.bot_id}), for the docs check. */
    private final Set<String> asked;

    Section(String path, YamlTree node, List<String> problems) {
        this(path, node, problems, new HashSet<>());
    }

    Section(String path, YamlTree node, List<String> problems, Set<String> asked) {
        this.path = path;
        this.problems = problems;
        this.asked = asked;
        if (node instanceof YamlTree.Mapping m) {
            this.entries = m.entries();
        } else {
            if (!(node instanceof YamlTree.Null)) {
                problems.add(where() + ": must be a mapping of keys to values");
            }
            this.entries = Map.of();
        }
    }

    String path() {
        return path;
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String where() {
        return path.isEmpty() ? "(top level)" : path;
    }

    void problem(String key, String message) {
        problems.add((key == null ? where() : at(key)) + ": " + message);
    }

    private void ask(String key) {
        read.add(key);
        asked.add(at(key).replaceAll("\\[\\d+]", "[]"));
    }

    boolean has(String key) {
        ask(key);
        return entries.containsKey(key) && !(entries.get(key) instanceof YamlTree.Null);
    }

    Optional<YamlTree> node(String key) {
        ask(key);
        YamlTree n = entries.get(key);
        return n == null || n instanceof YamlTree.Null ? Optional.empty() : Optional.of(n);
    }

    Section section(String key) {
        ask(key);
        return new Section(at(key), entries.getOrDefault(key, new YamlTree.Null(0)), problems, asked);
    }

    Optional<String> string(String key) {
        return node(key).flatMap(n -> {
            if (n instanceof YamlTree.Scalar s) {
                String text = s.text().trim();
                if (text.isEmpty()) {
                    problem(key, "must not be empty");
                    return Optional.empty();
                }
                return Optional.of(text);
            }
            problem(key, "must be a single value, not a list or mapping");
            return Optional.empty();
        });
    }

    String required(String key) {
        if (!has(key)) {
            problem(key, "required");
            return null;
        }
        return string(key).orElse(null);
    }

    boolean bool(String key, boolean fallback) {
        return string(key)
                .map(text -> switch (text.toLowerCase()) {
                    case "true", "yes", "on" -> true;
                    case "false", "no", "off" -> false;
                    default -> {
                        problem(key, "must be true or false, not '" + text + "'");
                        yield fallback;
                    }
                })
                .orElse(fallback);
    }

    int integer(String key, int fallback, int min, int max) {
        return string(key)
                .map(text -> {
                    if (!WHOLE_NUMBER.matcher(text).matches()) {
                        problem(key, "must be a whole number, not '" + text + "'");
                        return fallback;
                    }
                    // Digits beyond int range are out of range too, not "not a number".
                    BigInteger v = new BigInteger(text);
                    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
                        problem(key, "must be between " + min + " and " + max + ", not " + text);
                        return fallback;
                    }
                    return v.intValueExact();
                })
                .orElse(fallback);
    }

    /**
     * A number of 0 or more, where 0 means "off" ({@code requests_per_second: 0} turns the client-side limit off);
     * a negative, infinite or non-numeric value is a problem at {@code key}.
     */
    double zeroOrPositiveDecimal(String key, double fallback) {
        return string(key)
                .map(text -> {
                    try {
                        double v = Double.parseDouble(text);
                        if (!(v >= 0) || Double.isInfinite(v)) {
                            problem(key, "must be 0 (off) or a positive number, not " + text);
                            return fallback;
                        }
                        return v;
                    } catch (NumberFormatException e) {
                        problem(key, "must be a number, not '" + text + "'");
                        return fallback;
                    }
                })
                .orElse(fallback);
    }

    double decimal(String key, double fallback, double minExclusive) {
        return string(key)
                .map(text -> {
                    try {
                        double v = Double.parseDouble(text);
                        if (!(v > minExclusive) || Double.isInfinite(v)) {
                            problem(key, "must be a number greater than " + minExclusive + ", not " + text);
                            return fallback;
                        }
                        return v;
                    } catch (NumberFormatException e) {
                        problem(key, "must be a number, not '" + text + "'");
                        return fallback;
                    }
                })
                .orElse(fallback);
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a bare number of seconds; at most 24h. */
    Duration duration(String key, Duration fallback) {
        return string(key)
                .map(text -> {
                    Matcher m = DURATION.matcher(text);
                    if (!m.matches()) {
                        problem(key, "must be a duration like 500ms, 30s, 5m or 1h, not '" + text + "'");
                        return fallback;
                    }
                    String unit = m.group(2) == null ? "s" : m.group(2);
                    BigInteger millis = new BigInteger(m.group(1))
                            .multiply(BigInteger.valueOf(
                                    switch (unit) {
                                        case "ms" -> 1L;
                                        case "m" -> 60_000L;
                                        case "h" -> 3_600_000L;
                                        default -> 1_000L;
                                    }));
                    // Compared before converting, so no number of digits can overflow.
                    if (millis.compareTo(BigInteger.valueOf(MAX_DURATION.toMillis())) > 0) {
                        problem(key, "must be at most 24h, not '" + text + "'");
                        return fallback;
                    }
                    Duration d = Duration.ofMillis(millis.longValueExact());
                    if (d.isZero()) {
                        problem(key, "must be longer than zero");
                        return fallback;
                    }
                    return d;
                })
                .orElse(fallback);
    }

    /** {@code 512KB}, {@code 20MB}, {@code 1GB} (powers of 1024), or a bare number of bytes, within [min, max]. */
    long bytes(String key, long fallback, long min, long max) {
        return string(key)
                .map(text -> {
                    Matcher m = BYTES.matcher(text.strip());
                    if (!m.matches()) {
                        problem(key, "must be a size like 512KB, 20MB or 1GB, not '" + text + "'");
                        return fallback;
                    }
                    long n = Long.parseLong(m.group(1));
                    String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(java.util.Locale.ROOT);
                    long factor = switch (unit) {
                        case "KB", "K" -> 1024L;
                        case "MB", "M" -> 1024L * 1024;
                        case "GB", "G" -> 1024L * 1024 * 1024;
                        default -> 1L;
                    };
                    if (n > max / factor || n * factor < min || n * factor > max) {
                        problem(key, "must be between " + min + " and " + max + " bytes, not '" + text + "'");
                        return fallback;
                    }
                    return n * factor;
                })
                .orElse(fallback);
    }

    /**
     * An absolute URL with one of {@code schemes}; the text as written (trailing slash kept). A URL with a user name
     * or password in it is refused without repeating it: credentials come only from {@code *_env} keys.
     */
    Optional<String> url(String key, Set<String> schemes) {
        return string(key).flatMap(text -> {
            if (hasUserInfo(text)) {
                problem(key, "must not contain a user name or password (user:password@host); it is not repeated here");
                return Optional.empty();
            }
            URI uri;
            try {
                uri = new URI(text);
            } catch (Exception e) {
                uri = null;
            }
            if (uri == null
                    || uri.getScheme() == null
                    || !schemes.contains(uri.getScheme().toLowerCase())
                    || uri.getHost() == null) {
                problem(
                        key,
                        "must be a "
                                + String.join(" or ", schemes.stream().sorted().toList()) + " URL, not '" + text + "'");
                return Optional.empty();
            }
            return Optional.of(text);
        });
    }

    /** True when {@code url} carries {@code user:password@} (or {@code user@}) before its host. */
    static boolean hasUserInfo(String url) {
        return USERINFO.matcher(url.strip()).find();
    }

    /** A list of scalars; a single scalar counts as a one-element list. */
    List<String> strings(String key) {
        Optional<YamlTree> n = node(key);
        if (n.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (n.get() instanceof YamlTree.Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                if (seq.items().get(i) instanceof YamlTree.Scalar s && !s.text().isBlank()) {
                    out.add(s.text().trim());
                } else {
                    problems.add(at(key) + "[" + i + "]: must be a single non-empty value");
                }
            }
        } else if (n.get() instanceof YamlTree.Scalar s) {
            out.add(s.text().trim());
        } else {
            problem(key, "must be a list of values");
        }
        return out;
    }

    Set<String> stringSet(String key) {
        return new LinkedHashSet<>(strings(key));
    }

    Map<String, String> stringMap(String key) {
        Section inner = section(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : inner.entries.keySet()) {
            inner.string(k).ifPresent(v -> out.put(k, v));
        }
        return out;
    }

    List<Section> sequenceOfSections(String key) {
        Optional<YamlTree> n = node(key);
        if (n.isEmpty()) {
            return List.of();
        }
        if (!(n.get() instanceof YamlTree.Sequence seq)) {
            problem(key, "must be a list");
            return List.of();
        }
        List<Section> out = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            out.add(new Section(at(key) + "[" + i + "]", seq.items().get(i), problems, asked));
        }
        return out;
    }

    /**
     * Reads {@code key} as the NAME of an environment variable and resolves it. An inline secret (a key named
     * without {@code _env}) is reported by {@link #rejectUnknown()}.
     */
    Optional<Secret> env(String key, Function<String, String> environment) {
        return string(key).flatMap(name -> {
            if (!ENV_NAME.matcher(name).matches()) {
                problem(key, "must be the NAME of an environment variable (letters, digits, _), not a value");
                return Optional.empty();
            }
            String value = environment.apply(name);
            if (value == null || value.isBlank()) {
                problem(key, "environment variable " + name + " is not set");
                return Optional.empty();
            }
            return Optional.of(new Secret(value.trim()));
        });
    }

    /**
     * {@link #env} for a secret that is sent in an HTTP header (a token, an API key): it must be printable ASCII
     * without spaces, else every request would fail later. The problem names the variable, never the value.
     */
    Optional<Secret> headerSafeEnv(String key, Function<String, String> environment) {
        return env(key, environment).filter(secret -> {
            if (headerSafe(secret.reveal())) {
                return true;
            }
            problem(key, notHeaderSafe(string(key).orElse(key), "the token"));
            return false;
        });
    }

    /** Printable ASCII, no space: what a bearer token or API key can be in an HTTP header. */
    static boolean headerSafe(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** @param what what the variable should hold, e.g. "the token" */
    static String notHeaderSafe(String variable, String what) {
        return "environment variable " + variable + " holds a line break, space, control or non-ASCII character, "
                + "which cannot be sent in an HTTP header; set it to " + what + " alone";
    }

    /** Reports every key that no getter asked for; names the {@code _env} form for inline secrets. */
    void rejectUnknown() {
        for (String key : entries.keySet()) {
            if (!read.contains(key)) {
                if (key.matches("(?i).*(token|secret|password|api_keys?|private_key)$")) {
                    problem(
                            key,
                            "inline secrets are not allowed; put the value in an environment variable and "
                                    + "name it with " + key + "_env");
                } else {
                    problem(key, "unknown key");
                }
            }
        }
    }
}
