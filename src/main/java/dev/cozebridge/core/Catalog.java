package dev.cozebridge.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Every sentence the bridge writes into a chat, in one language. Immutable and thread-safe; one instance per
 * {@link BotLocale}, loaded once from {@code catalog/<tag>.properties} (UTF-8). A missing key fails at load, so a
 * bridge never shows a user a key name instead of a sentence.
 */
public final class Catalog {

    private static final Map<BotLocale, Catalog> LOADED = loadAll();

    private final BotLocale locale;
    private final Map<Text, String> texts;

    private Catalog(BotLocale locale, Map<Text, String> texts) {
        this.locale = locale;
        this.texts = texts;
    }

    public static Catalog of(BotLocale locale) {
        return LOADED.get(locale);
    }

    public BotLocale locale() {
        return locale;
    }

    /**
     * The sentence for {@code key} with {@code {0}}, {@code {1}} ... replaced by {@code args} in order. Only
     * those placeholders are special, so apostrophes and braces elsewhere need no escaping.
     */
    public String get(Text key, Object... args) {
        String text = texts.get(key);
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    /** The sentence a user sees for a failed answer of this kind. */
    public String failure(FailureKind kind) {
        return get(Text.of(kind));
    }

    private static Map<BotLocale, Catalog> loadAll() {
        Map<BotLocale, Catalog> all = new EnumMap<>(BotLocale.class);
        for (BotLocale locale : BotLocale.values()) {
            all.put(locale, new Catalog(locale, load(locale)));
        }
        return all;
    }

    /** The raw properties of one language (also for the catalog's completeness test). */
    static Properties properties(BotLocale locale) {
        String resource = "/catalog/" + locale.tag() + ".properties";
        try (InputStream in = Catalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the sentence catalog " + resource + " is missing from the build");
            }
            Properties properties = new Properties();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sentence catalog " + resource, e);
        }
    }

    private static Map<Text, String> load(BotLocale locale) {
        Properties properties = properties(locale);
        Map<Text, String> texts = new EnumMap<>(Text.class);
        for (Text key : Text.values()) {
            String value = properties.getProperty(key.key());
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(
                        "the " + locale.tag() + " sentence catalog has no text for " + key.key());
            }
            texts.put(key, value.strip());
        }
        return Map.copyOf(texts);
    }
}
