package dev.cozebridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CutTest {

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void textThatFitsStaysAsItIs() {
        assertThat(Cut.withEllipsis("退货要多久？😀", 9)).isEqualTo("退货要多久？😀");
    }

    @Test
    void aCutNeverSplitsAnEmojiInHalf() {
        // 78 letters, then an emoji on units 79-80: a naive cut at 79 would keep its high surrogate only
        String label = "x".repeat(78) + "😀 and more";
        String cut = Cut.withEllipsis(label, 80);
        assertThat(cut).isEqualTo("x".repeat(78) + "…");
        assertThat(cut.length()).isLessThanOrEqualTo(80);
        assertThat(wellFormed(cut)).isTrue();
    }

    @Test
    void aCutAfterAWholeEmojiKeepsIt() {
        String label = "x".repeat(77) + "😀 and more";
        assertThat(Cut.withEllipsis(label, 80)).isEqualTo("x".repeat(77) + "😀…");
    }

    @Test
    void aTailCutKeepsTheNewestWholeCharacters() {
        // the newest reasoning is what shows above a streaming answer: the cut is at the front
        String thought = "😀".repeat(50) + " so the answer is 42";
        String cut = Cut.tail(thought, 29);
        assertThat(wellFormed(cut)).isTrue();
        // 29 units: 20 of text, and 9 that would begin with half an emoji, so 8 (4 whole ones)
        assertThat(cut).isEqualTo("😀".repeat(4) + " so the answer is 42");
        assertThat(Cut.tail("😀".repeat(5), 7)).isEqualTo("😀".repeat(3));
        assertThat(Cut.tail("short", 30)).isEqualTo("short");
    }

    @Test
    void onlyEmojiAreCutToWholeOnes() {
        String label = "😀".repeat(50);
        String cut = Cut.withEllipsis(label, 64);
        assertThat(cut).isEqualTo("😀".repeat(31) + "…");
        assertThat(wellFormed(cut)).isTrue();
        assertThat(Cut.head(label, 7)).isEqualTo("😀".repeat(3));
    }
}
