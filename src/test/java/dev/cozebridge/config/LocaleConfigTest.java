package dev.cozebridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cozebridge.core.BotLocale;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bots[].locale}: the language of the bridge's own sentences. */
class LocaleConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Map.of("COZE_API_TOKEN", "pat_x")::get);

    @Test
    void englishByDefaultChineseOnRequest() throws Exception {
        BridgeConfig config = loader.load(Path.of("bots.yml"), new StringReader("""
                bots:
                  - name: en
                    coze: {bot_id: "1"}
                  - name: zh
                    locale: zh-CN
                    coze: {bot_id: "2"}
                """));
        assertThat(config.bots()).extracting(BotSettings::locale).containsExactly(BotLocale.EN, BotLocale.ZH_CN);
        assertThat(config.bot("zh").orElseThrow().catalog().locale()).isEqualTo(BotLocale.ZH_CN);
    }

    @Test
    void anUnknownLocaleIsAProblemWithItsPath() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class, () -> loader.load(Path.of("bots.yml"), new StringReader("""
                        bots:
                          - name: fr
                            locale: fr-FR
                            coze: {bot_id: "1"}
                        """)));
        assertThat(e.problems()).containsExactly("bots[0].locale: use en or zh-CN, not 'fr-FR'");
    }
}
