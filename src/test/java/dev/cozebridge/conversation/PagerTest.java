package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PagerTest {

    @Test
    void shortTextIsOnePage() {
        assertThat(new Pager(100).split("hello")).containsExactly("hello");
    }

    @Test
    void tenThousandCharactersFitInPagesAndLoseNoWords() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 10_000; i++) {
            text.append("Sentence number ").append(i).append(" says something.");
            text.append(i % 7 == 6 ? "\n\n" : i % 3 == 2 ? "\n" : " ");
        }
        List<String> pages = new Pager(2000).split(text.toString());
        assertThat(pages)
                .hasSizeBetween(6, 7)
                .allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(2000));
        assertThat(String.join(" ", pages).split("\\s+"))
                .containsExactly(text.toString().strip().split("\\s+"));
    }

    @Test
    void prefersParagraphThenLineThenWord() {
        Pager pager = new Pager(40);
        assertThat(pager.split("first paragraph here.\n\nsecond one, long enough."))
                .containsExactly("first paragraph here.", "second one, long enough.");
        assertThat(pager.split("a line that is quite long\nand another line"))
                .containsExactly("a line that is quite long", "and another line");
        assertThat(pager.split("words words words words words words words words"))
                .containsExactly("words words words words words words", "words words");
    }

    @Test
    void neverCutsInsideALinkOrUrl() {
        String link = "[the documentation page](https://example.com/docs/a/very/long/path/index.html)";
        String text = "See " + "filler ".repeat(8) + link + " for details and more words after it.";
        List<String> pages = new Pager(100).split(text);
        assertThat(pages).hasSizeGreaterThan(1).anySatisfy(p -> assertThat(p).contains(link));
        String bare = "Open https://example.com/" + "x".repeat(22) + " now";
        List<String> barePages = new Pager(50).split("words " + bare);
        assertThat(barePages).anySatisfy(p -> assertThat(p).contains("https://example.com/" + "x".repeat(22)));
    }

    @Test
    void closesAndReopensCodeFenceWithLanguage() {
        StringBuilder code = new StringBuilder("Here is code:\n\n```java\n");
        for (int i = 0; i < 30; i++) {
            code.append("int value").append(i).append(" = ").append(i).append(";\n");
        }
        code.append("```\n\nThat was it.");
        List<String> pages = new Pager(200).split(code.toString());
        assertThat(pages).hasSizeGreaterThan(2);
        for (int i = 0; i < pages.size(); i++) {
            String page = pages.get(i);
            assertThat(page.length()).isLessThanOrEqualTo(200);
            assertThat(fenceLines(page) % 2)
                    .as("page %d has balanced fences: %s", i, page)
                    .isZero();
            if (i > 0 && i < pages.size() - 1) {
                assertThat(page).startsWith("```java\n").endsWith("\n```");
            }
        }
        assertThat(pages.getLast()).endsWith("That was it.");
        String joined = String.join("\n", pages).replace("\n```\n```java\n", "\n");
        assertThat(joined.lines().filter(l -> l.startsWith("int value")).count())
                .isEqualTo(30);
    }

    @Test
    void openFenceDetection() {
        assertThat(Pager.openFence("a\n```py\nx = 1\n")).isNotNull();
        assertThat(Pager.openFence("a\n```py\nx = 1\n```\n")).isNull();
        assertThat(Pager.openFence("~~~\ncode\n```\n")).isNotNull();
    }

    @Test
    void cutReportsWhatItConsumed() {
        Pager pager = new Pager(40);
        String text = "first paragraph here.\n\nsecond one, long enough.";
        Pager.Cut cut = pager.cut(text, 40);
        assertThat(text.substring(cut.consumed())).isEqualTo(cut.rest());
        assertThat(cut.reopen(text)).isEmpty();
    }

    private static long fenceLines(String page) {
        Matcher m = Pattern.compile("(?m)^```").matcher(page);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
