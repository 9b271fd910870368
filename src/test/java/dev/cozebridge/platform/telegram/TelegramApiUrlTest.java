package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.TelegramUrl;

class TelegramApiUrlTest {

    @Test
    void defaultsPortsBySchemeAndKeepsExplicitOnes() {
        assertThat(TelegramApiUrl.parse("https://api.telegram.org"))
                .isEqualTo(new TelegramUrl("https", "api.telegram.org", 443, false));
        assertThat(TelegramApiUrl.parse("https://api.telegram.org/"))
                .isEqualTo(new TelegramUrl("https", "api.telegram.org", 443, false));
        assertThat(TelegramApiUrl.parse("http://127.0.0.1:8081"))
                .isEqualTo(new TelegramUrl("http", "127.0.0.1", 8081, false));
        assertThat(TelegramApiUrl.parse(" HTTP://bot-api.local "))
                .isEqualTo(new TelegramUrl("http", "bot-api.local", 80, false));
    }

    @Test
    void rejectsWhatTelegramBotsCannotExpress() {
        for (String bad :
                new String[] {"api.telegram.org", "ftp://x", "https://x/bot", "https://x?y=1", "https://u:p@x", "::"}) {
            assertThatThrownBy(() -> TelegramApiUrl.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("telegram.api_url");
        }
    }
}
