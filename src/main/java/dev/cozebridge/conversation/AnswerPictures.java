package dev.cozebridge.conversation;

import dev.cozebridge.platform.Picture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the pictures an answer links to, so they can be shown natively after it (media-and-interactions §1.9):
 * Markdown images {@code ![alt](url)}, links whose target is an image file, and bare image URLs, all http(s), in
 * the order they appear, one per URL, none inside code. {@link #without} takes their Markdown out of the text.
 */
final class AnswerPictures {

    /** A picture and where its Markdown is in the answer. */
    record Found(Picture picture, int start, int end) {}

    private static final String IMAGE_FILE = "\\.(?:png|jpe?g|gif|webp|bmp)(?:\\?[^\\s)<>\\[\\]]*)?";
    private static final String TITLE = "(?:\\s+\"[^\"\\n]*\")?";
    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]\\n]*)]\\((https?://[^\\s)]+)" + TITLE + "\\)");
    private static final Pattern IMAGE_LINK = Pattern.compile(
            "(?<!!)\\[([^\\]\\n]*)]\\((https?://[^\\s)]+" + IMAGE_FILE + ")" + TITLE + "\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BARE =
            Pattern.compile("(?<![(<\\w/\\[\\]])https?://[^\\s<>()\\[\\]]+" + IMAGE_FILE, Pattern.CASE_INSENSITIVE);
    private static final Pattern FENCE = Pattern.compile("(?ms)^ {0,3}(```|~~~).*?(?:^ {0,3}\\1|\\z)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]+`");

    private AnswerPictures() {}

    /** At most {@code max} pictures of {@code markdown}, in order of appearance. */
    static List<Found> find(String markdown, int max) {
        if (max <= 0 || markdown.isEmpty()) {
            return List.of();
        }
        List<int[]> code = new ArrayList<>();
        collect(FENCE, markdown, code);
        collect(INLINE_CODE, markdown, code);
        List<Found> all = new ArrayList<>();
        for (Pattern pattern : List.of(IMAGE, IMAGE_LINK)) {
            Matcher m = pattern.matcher(markdown);
            while (m.find()) {
                all.add(new Found(new Picture(m.group(2), m.group(1).strip()), m.start(), m.end()));
            }
        }
        Matcher bare = BARE.matcher(markdown);
        while (bare.find()) {
            all.add(new Found(new Picture(bare.group(), ""), bare.start(), bare.end()));
        }
        all.sort(Comparator.comparingInt(Found::start));
        List<Found> kept = new ArrayList<>();
        Set<String> urls = new LinkedHashSet<>();
        int last = -1;
        for (Found found : all) {
            if (found.start() < last || inside(code, found.start())) {
                continue;
            }
            if (urls.add(found.picture().url())) {
                kept.add(found);
                if (kept.size() == max) {
                    break;
                }
            }
            last = found.end();
        }
        return kept;
    }

    /** The text without the Markdown of {@code pictures}, with the blank lines they leave tidied away. */
    static String without(String markdown, List<Found> pictures) {
        if (pictures.isEmpty()) {
            return markdown;
        }
        List<Found> sorted = new ArrayList<>(pictures);
        sorted.sort(Comparator.comparingInt(Found::start).reversed());
        StringBuilder text = new StringBuilder(markdown);
        for (Found found : sorted) {
            int start = found.start();
            int end = found.end();
            // "see ![x](u) here" keeps one space, not two
            if (start > 0 && end < text.length() && text.charAt(start - 1) == ' ' && text.charAt(end) == ' ') {
                end++;
            }
            text.delete(start, end);
        }
        return text.toString()
                .replaceAll("(?m)^[ \\t]+$", "")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    private static void collect(Pattern pattern, String text, List<int[]> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(new int[] {m.start(), m.end()});
        }
    }

    private static boolean inside(List<int[]> ranges, int at) {
        for (int[] range : ranges) {
            if (at >= range[0] && at < range[1]) {
                return true;
            }
        }
        return false;
    }
}
