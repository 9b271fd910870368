package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The live page's reasoning header and status line: counted in the page budget, gone from the final layout. */
class ReplyLayoutTest {

    private static final String MARKER = " ▌";

    @Test
    void theLivePageCarriesHeaderAndStatusAroundItsTextAndTheFinalPageNeither() {
        ReplyLayout layout = new ReplyLayout(new Pager(100), MARKER);

        assertThat(layout.streaming("", "> thinking", "")).containsExactly("> thinking" + MARKER);
        assertThat(layout.streaming("Hello", "> thinking", "_Using search…_"))
                .containsExactly("> thinking\n\nHello\n\n_Using search…_" + MARKER);
        assertThat(layout.finished("Hello", "")).containsExactly("Hello");
    }

    @Test
    void headerAndStatusCountInThePageBudgetSoNoPageIsTooLong() {
        Pager pager = new Pager(100);
        ReplyLayout layout = new ReplyLayout(pager, MARKER);
        String text = "word ".repeat(60).strip();
        String header = "> " + "h".repeat(30);

        List<String> pages = layout.streaming(text, header, "_status_");

        assertThat(pages).hasSizeGreaterThan(1);
        assertThat(pages).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(100));
        assertThat(pages.getLast()).startsWith(header).endsWith("_status_" + MARKER);
        assertThat(pages.subList(0, pages.size() - 1))
                .noneSatisfy(p -> assertThat(p).contains("h".repeat(30)));
        assertThat(String.join(" ", layout.finished(text, "")))
                .doesNotContain("hhh")
                .doesNotContain("_status_");
    }

    @Test
    void aHeaderThatWouldCrowdOutTheTextIsLeftOut() {
        ReplyLayout layout = new ReplyLayout(new Pager(100), MARKER);
        assertThat(layout.streaming("Hi", "> " + "h".repeat(60), "")).containsExactly("Hi" + MARKER);
    }
}
