package dev.cozebridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every language of the catalog has exactly the keys of {@link Text}, with the same placeholders. */
class CatalogTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

    @Test
    void everyLanguageHasEveryKeyAndNoOther() {
        Set<String> keys = EnumSet.allOf(Text.class).stream().map(Text::key).collect(Collectors.toSet());
        for (BotLocale locale : BotLocale.values()) {
            Properties properties = Catalog.properties(locale);
            assertThat(properties.stringPropertyNames())
                    .as("keys of catalog/%s.properties", locale.tag())
                    .containsExactlyInAnyOrderElementsOf(keys);
            assertThat(properties.values())
                    .as("texts of %s", locale.tag())
                    .allSatisfy(v -> assertThat(v.toString()).isNotBlank());
        }
    }

    @Test
    void placeholdersMatchAcrossLanguages() {
        for (Text key : Text.values()) {
            Set<String> english = placeholders(Catalog.of(BotLocale.EN), key);
            for (BotLocale locale : BotLocale.values()) {
                assertThat(placeholders(Catalog.of(locale), key))
                        .as("placeholders of %s in %s", key.key(), locale.tag())
                        .isEqualTo(english);
            }
        }
    }

    @Test
    void chineseIsReallyTranslated() {
        // a key copied over from the English file untranslated would pass the key checks
        Catalog zh = Catalog.of(BotLocale.ZH_CN);
        Catalog en = Catalog.of(BotLocale.EN);
        for (Text key : Text.values()) {
            assertThat(zh.get(key)).as(key.key()).isNotEqualTo(en.get(key));
            assertThat(zh.get(key)).as(key.key()).containsPattern("\\p{IsHan}");
        }
    }

    @Test
    void placeholdersAreFilledAndApostrophesKept() {
        Catalog en = Catalog.of(BotLocale.EN);
        assertThat(en.get(Text.COMMAND_UNKNOWN, "/frobnicate"))
                .isEqualTo("Unknown command /frobnicate; type /help for the list.");
        assertThat(en.get(Text.RESET_DONE)).contains("conversation's");
        assertThat(Catalog.of(BotLocale.ZH_CN).get(Text.THREAD_NAME, "Alice")).isEqualTo("与 Alice 的对话");
    }

    @Test
    void everyFailureKindHasASentence() {
        for (FailureKind kind : FailureKind.values()) {
            for (BotLocale locale : BotLocale.values()) {
                assertThat(Catalog.of(locale).failure(kind)).isNotBlank();
            }
        }
    }

    @Test
    void localesParseAsWrittenInBotsYml() {
        assertThat(BotLocale.parse("en")).contains(BotLocale.EN);
        assertThat(BotLocale.parse("zh-CN")).contains(BotLocale.ZH_CN);
        assertThat(BotLocale.parse("zh_cn")).contains(BotLocale.ZH_CN);
        assertThat(BotLocale.parse("fr")).isEmpty();
        assertThat(BotLocale.parse(null)).isEmpty();
    }

    private static Set<String> placeholders(Catalog catalog, Text key) {
        Matcher m = PLACEHOLDER.matcher(catalog.get(key));
        Set<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
