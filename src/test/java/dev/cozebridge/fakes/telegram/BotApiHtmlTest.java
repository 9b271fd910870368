package dev.cozebridge.fakes.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BotApiHtmlTest {

    @Test
    void parsesSupportedTagsIntoTextAndEntities() throws Exception {
        BotApiHtml.Parsed p = BotApiHtml.parse("<b>bold</b> <i>it</i> <a href=\"https://x.io/?a=1&amp;b=2\">link</a>"
                + " &lt;tag&gt; &amp; &quot;q&quot; &#65;");
        assertThat(p.text()).isEqualTo("bold it link <tag> & \"q\" A");
        assertThat(p.entities()).extracting(BotApiHtml.Entity::type).containsExactly("bold", "italic", "text_link");
        assertThat(p.entities().get(2).url()).isEqualTo("https://x.io/?a=1&b=2");
        assertThat(p.entities().get(2).offset()).isEqualTo(8);
    }

    @Test
    void preWithCodeLanguageIsOnePreEntity() throws Exception {
        BotApiHtml.Parsed p = BotApiHtml.parse("<pre><code class=\"language-java\">int x = 1;</code></pre>");
        assertThat(p.entities()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("pre");
            assertThat(e.language()).isEqualTo("java");
        });
    }

    @Test
    void trimsSurroundingWhitespaceLikeTelegram() throws Exception {
        assertThat(BotApiHtml.parse("\n  <b>x</b>  \n").text()).isEqualTo("x");
    }

    @Test
    void rejectsWhatTelegramRejects() {
        assertRejected("a < b", "at byte offset 2");
        assertRejected("1 <x> 2", "Unsupported start tag \"x\"");
        assertRejected("AT&T", "Character entity expected");
        assertRejected("<b>open", "Can't find end tag corresponding to start tag \"b\"");
        assertRejected("<b><i>x</b></i>", "Unmatched end tag");
        assertRejected("x</b>", "Unexpected end tag");
        assertRejected("<h1>t</h1>", "Unsupported start tag \"h1\"");
        assertRejected("<a>no href</a>", "must have attribute \"href\"");
        assertRejected("<code><b>x</b></code>", "can't be nested");
        assertRejected("<blockquote><blockquote>x</blockquote></blockquote>", "Blockquote entities can't be nested");
        assertRejected("<a href=\"https://a\"><code>x</code></a>", "nested in a link");
        assertRejected("<span>x</span>", "tg-spoiler");
    }

    private static void assertRejected(String html, String fragment) {
        assertThatThrownBy(() -> BotApiHtml.parse(html))
                .isInstanceOf(BotApiHtml.ParseException.class)
                .hasMessageStartingWith("Bad Request: can't parse entities: ")
                .hasMessageContaining(fragment);
    }
}
