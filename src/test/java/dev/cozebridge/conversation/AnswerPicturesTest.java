package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.platform.Picture;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerPicturesTest {

    private static List<Picture> pictures(String markdown, int max) {
        return AnswerPictures.find(markdown, max).stream()
                .map(AnswerPictures.Found::picture)
                .toList();
    }

    @Test
    void findsImagesImageLinksAndBareImageUrlsInOrder() {
        String answer = "A ![cat](https://x.test/cat.png \"Cat\") then [a chart](https://x.test/chart.JPG?v=2) and "
                + "https://x.test/dog.webp, plus [a page](https://x.test/page.html).";
        assertThat(pictures(answer, 4))
                .containsExactly(
                        new Picture("https://x.test/cat.png", "cat"),
                        new Picture("https://x.test/chart.JPG?v=2", "a chart"),
                        new Picture("https://x.test/dog.webp", ""));
    }

    @Test
    void keepsAtMostTheCapOnePerUrlAndNothingInCode() {
        String answer = "![a](https://x.test/a.png) ![a again](https://x.test/a.png) ![b](https://x.test/b.png)\n\n"
                + "`![c](https://x.test/c.png)`\n\n```\n![d](https://x.test/d.png)\n```\n![e](https://x.test/e.png)";
        assertThat(pictures(answer, 10))
                .extracting(Picture::url)
                .containsExactly("https://x.test/a.png", "https://x.test/b.png", "https://x.test/e.png");
        assertThat(pictures(answer, 1)).extracting(Picture::url).containsExactly("https://x.test/a.png");
        assertThat(pictures(answer, 0)).isEmpty();
        assertThat(pictures("![local](file:///etc/passwd) ![rel](img.png)", 4)).isEmpty();
    }

    @Test
    void takesThePicturesMarkdownOutAndTidiesTheBlankLinesItLeaves() {
        String answer = "Here:\n\n![cat](https://x.test/cat.png)\n\nSee ![dog](https://x.test/dog.png) there.";
        List<AnswerPictures.Found> found = AnswerPictures.find(answer, 4);
        assertThat(AnswerPictures.without(answer, found)).isEqualTo("Here:\n\nSee there.");
        assertThat(AnswerPictures.without(answer, found.subList(1, 2)))
                .isEqualTo("Here:\n\n![cat](https://x.test/cat.png)\n\nSee there.");
        assertThat(AnswerPictures.without(answer, List.of())).isEqualTo(answer);
    }
}
