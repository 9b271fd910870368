package dev.cozebridge.core;

import java.util.Arrays;
import java.util.Optional;

/** The language the bridge writes its own sentences in ({@code bots[].locale}); Coze's answers are never translated. */
public enum BotLocale {
    EN("en"),
    ZH_CN("zh-CN");

    private final String tag;

    BotLocale(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 tag as written in bots.yml: {@code en} or {@code zh-CN}. */
    public String tag() {
        return tag;
    }

    /** Parses a bots.yml value; case-insensitive, {@code _} accepted for {@code -}. */
    public static Optional<BotLocale> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String normalized = value.strip().replace('_', '-');
        return Arrays.stream(values())
                .filter(l -> l.tag.equalsIgnoreCase(normalized))
                .findFirst();
    }
}
