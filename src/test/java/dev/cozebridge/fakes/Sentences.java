package dev.cozebridge.fakes;

import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.Text;

/** The catalog's sentences as tests expect to see them (English, the default locale; Chinese on request). */
public final class Sentences {
    private Sentences() {}

    public static String en(Text key, Object... args) {
        return Catalog.of(BotLocale.EN).get(key, args);
    }

    public static String zh(Text key, Object... args) {
        return Catalog.of(BotLocale.ZH_CN).get(key, args);
    }

    public static String failure(FailureKind kind) {
        return Catalog.of(BotLocale.EN).failure(kind);
    }
}
