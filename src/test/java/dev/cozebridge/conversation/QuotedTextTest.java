package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Quote;
import dev.cozebridge.core.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotedTextTest {
    private static final Catalog EN = Catalog.of(BotLocale.EN);

    @Test
    void theQuoteGoesFirstMarkedLineByLine() {
        String composed =
                QuotedText.compose("is this true?", new Quote("Bob", "line one\nline two", List.of()), EN, 1000);
        assertThat(composed).isEqualTo(EN.get(Text.QUOTE_HEADER, "Bob") + "\n> line one\n> line two\n\nis this true?");
    }

    @Test
    void quoteAndQuestionStayWithinTheBudgetAndOnlyTheQuoteIsCut() {
        String question = "summarise?";
        Quote longQuote = new Quote("Bob", "word ".repeat(200) + "\nlast line", List.of());

        String composed = QuotedText.compose(question, longQuote, EN, 300);

        assertThat(composed)
                .hasSizeLessThanOrEqualTo(300)
                .endsWith("\n\n" + question)
                .contains("…");
        assertThat(QuotedText.compose(question, longQuote, EN, 40)).isEqualTo(question);
    }

    @Test
    void aCutQuoteNeverEndsInHalfAnEmoji() {
        // every cut position the budget can pick: none may leave half of a surrogate pair for Coze
        Quote emoji = new Quote("Bob", "😀".repeat(300), List.of());
        for (int budget = 60; budget < 120; budget++) {
            String composed = QuotedText.compose("why?", emoji, EN, budget);
            assertThat(composed.codePoints())
                    .as("budget %d", budget)
                    .noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
            assertThat(composed).hasSizeLessThanOrEqualTo(budget);
        }
    }

    @Test
    void noQuoteOrAnEmptyOneLeavesTheQuestion() {
        assertThat(QuotedText.compose("hi", null, EN, 100)).isEqualTo("hi");
        assertThat(QuotedText.compose("hi", new Quote("Bob", " ", List.of()), EN, 100))
                .isEqualTo("hi");
    }
}
