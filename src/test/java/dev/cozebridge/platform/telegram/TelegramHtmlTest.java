package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Citation;
import dev.cozebridge.fakes.telegram.BotApiHtml;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelegramHtmlTest {

    private final TelegramHtml html = new TelegramHtml();
    private final TelegramMarkup markup = new TelegramMarkup(Catalog.of(BotLocale.EN));

    private String render(String markdown) {
        return html.render(markdown).html();
    }

    @Test
    void inlineFormatting() {
        assertThat(render("**bold** *it* _it2_ ~~gone~~ `a<b`"))
                .isEqualTo("<b>bold</b> <i>it</i> <i>it2</i> <s>gone</s> <code>a&lt;b</code>");
    }

    @Test
    void escapesEverythingElse() {
        assertThat(render("a < b && c > d <span>x</span>"))
                .isEqualTo("a &lt; b &amp;&amp; c &gt; d &lt;span&gt;x&lt;/span&gt;");
        assertThat(render("<div>\nblock html\n</div>")).isEqualTo("&lt;div&gt;\nblock html\n&lt;/div&gt;");
    }

    @Test
    void fencedCodeKeepsLanguageAndContent() {
        assertThat(render("Look:\n\n```java\nif (a < b && c) {\n}\n```\nafter"))
                .isEqualTo(
                        "Look:\n\n<pre><code class=\"language-java\">if (a &lt; b &amp;&amp; c) {\n}</code></pre>\n\nafter");
        assertThat(render("```\nplain\n```")).isEqualTo("<pre>plain</pre>");
    }

    @Test
    void linksOnlyForSafeUrls() {
        assertThat(render("[docs](https://example.com/a?b=1&c=\"2\")"))
                .isEqualTo("<a href=\"https://example.com/a?b=1&amp;c=&quot;2&quot;\">docs</a>");
        assertThat(render("[x](javascript:alert(1)) [rel](/path)")).isEqualTo("x rel");
        assertThat(render("[`code` in link](https://e.com)")).isEqualTo("<a href=\"https://e.com\">code in link</a>");
        assertThat(render("<https://e.com>")).isEqualTo("<a href=\"https://e.com\">https://e.com</a>");
    }

    @Test
    void headingsListsAndQuotes() {
        assertThat(render("# Title\n\n- one\n- two\n  1. sub\n\n3. three\n4. four"))
                .isEqualTo("<b>Title</b>\n\n• one\n• two\n  1. sub\n\n3. three\n4. four");
        assertThat(render("> quoted **bold**\n> > nested"))
                .isEqualTo("<blockquote>quoted <b>bold</b>\n\nnested</blockquote>");
        assertThat(render("line one\nline two\n\n---\n\nend")).isEqualTo("line one\nline two\n\n———\n\nend");
    }

    @Test
    void unbalancedMarkdownStaysLiteral() {
        TelegramHtml.Rendered r = html.render("**bold without end and _half italic and `open code");
        assertThat(r.html()).isEqualTo("**bold without end and _half italic and `open code");
        assertThat(r.plain()).isEqualTo(r.html());
    }

    @Test
    void footnotesNoticeAndMarkerRender() {
        String answer = "Answer\n\n"
                + markup.footnotes(List.of(
                        new Citation("d1", "Guide [v2] *draft*", "https://docs.example.com/a b", 0.9),
                        new Citation("d2", "Uploaded.pdf", null, Double.NaN)))
                + "\n\n" + markup.notice("Coze took too long to answer.");
        assertThat(render(answer))
                .isEqualTo("Answer\n\n<b>Sources</b>\n1. "
                        + "<a href=\"https://docs.example.com/a%20b\">Guide [v2] *draft*</a>\n2. Uploaded.pdf"
                        + "\n\n<i>Coze took too long to answer.</i>");
        assertThat(render("Streaming **bo" + markup.streamingMarker())).isEqualTo("Streaming **bo ▌");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "**bold** and `code` & <tags>",
                "# H\n\n> quote with [link](https://a.b) and `code`\n> > nested\n\n```py\nx = 1 < 2\n```",
                "- a\n- b\n\n  more\n- c\n\n1) x\n2) y",
                "[**bold link**](https://x.y) ~~s~~ ![img](https://i.png)",
                "text with trailing spaces   \n\n\n",
                "```\nunclosed fence & <b>"
            })
    void telegramAcceptsTheHtmlAndShowsExactlyThePlainText(String markdown) throws Exception {
        TelegramHtml.Rendered r = html.render(markdown);
        BotApiHtml.Parsed parsed = BotApiHtml.parse(r.html());
        assertThat(parsed.text()).isEqualTo(r.plain());
    }
}
