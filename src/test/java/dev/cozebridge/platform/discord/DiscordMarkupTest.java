package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Citation;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscordMarkupTest {
    private final DiscordMarkup markup = new DiscordMarkup(Catalog.of(BotLocale.EN));

    @Test
    void footnotesAreNumberedMaskedLinksThatDoNotUnfurl() {
        String block = markup.footnotes(List.of(
                new Citation("d1", "Pricing [2026]", "https://example.com/a b>c", 0.9),
                new Citation("d2", "handbook.pdf", null, Double.NaN),
                new Citation("d3", "  Two\nlines  ", " ", 0.5)));
        assertThat(block)
                .isEqualTo("**Sources**\n"
                        + "1. [Pricing \\[2026\\]](<https://example.com/a%20b%3Ec>)\n"
                        + "2. handbook.pdf\n"
                        + "3. Two lines");
    }

    @Test
    void noticesAreItalicAndCannotBreakOutOfIt() {
        assertThat(markup.notice("Coze took too long to answer. ")).isEqualTo("*Coze took too long to answer.*");
        assertThat(markup.notice("a *bold* claim")).isEqualTo("*a \\*bold\\* claim*");
    }

    @Test
    void theStreamingMarkerIsShort() {
        assertThat(markup.streamingMarker()).isEqualTo(" ▌");
    }
}
