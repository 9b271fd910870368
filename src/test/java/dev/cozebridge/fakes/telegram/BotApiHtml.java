package dev.cozebridge.fakes.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Bot API's {@code parse_mode=HTML} parser as the fake applies it: turns the markup into plain text plus
 * message entities, or fails with the description Telegram gives ("can't parse entities: ..."). Follows the
 * "Formatting options" rules: only the documented tags, only {@code &lt; &gt; &amp; &quot;} and numeric
 * entities, balanced tags, and the nesting rules (no entities inside code/pre except pre>code, no nested
 * blockquotes, no links inside links, no code inside links).
 */
public final class BotApiHtml {

    /** A message entity in UTF-16 offsets of the plain text, as Telegram reports them. */
    public record Entity(String type, int offset, int length, String url, String language) {}

    public record Parsed(String text, List<Entity> entities) {}

    public static final class ParseException extends Exception {
        ParseException(String message) {
            super("Bad Request: can't parse entities: " + message);
        }
    }

    private static final Set<String> TAGS = Set.of(
            "b",
            "strong",
            "i",
            "em",
            "u",
            "ins",
            "s",
            "strike",
            "del",
            "code",
            "pre",
            "a",
            "blockquote",
            "tg-spoiler",
            "span",
            "tg-emoji");

    private record Open(String name, String type, int start, String url, String language) {}

    private BotApiHtml() {}

    /** Text without markup: Telegram strips leading and trailing whitespace of a message. */
    public static Parsed parse(String html) throws ParseException {
        StringBuilder text = new StringBuilder();
        List<Entity> entities = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    throw new ParseException("Unclosed start tag at byte offset " + byteOffset(html, i));
                }
                String inner = html.substring(i + 1, end);
                if (inner.startsWith("/")) {
                    closeTag(html, i, inner.substring(1).trim().toLowerCase(Locale.ROOT), open, entities, text);
                } else {
                    openTag(html, i, inner, open, text);
                }
                i = end + 1;
            } else if (c == '&') {
                int semi = html.indexOf(';', i);
                String decoded = semi < 0 ? null : decodeEntity(html.substring(i + 1, semi));
                if (decoded == null) {
                    throw new ParseException("Character entity expected at byte offset " + byteOffset(html, i));
                }
                text.append(decoded);
                i = semi + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            throw new ParseException("Can't find end tag corresponding to start tag \""
                    + open.peek().name() + "\"");
        }
        return trim(text.toString(), entities);
    }

    private static void openTag(String html, int at, String inner, Deque<Open> open, StringBuilder text)
            throws ParseException {
        String body = inner.endsWith("/") ? inner.substring(0, inner.length() - 1) : inner;
        int nameEnd = 0;
        while (nameEnd < body.length() && !Character.isWhitespace(body.charAt(nameEnd))) {
            nameEnd++;
        }
        String name = body.substring(0, nameEnd).toLowerCase(Locale.ROOT);
        if (!TAGS.contains(name)) {
            throw new ParseException("Unsupported start tag \"" + name + "\" at byte offset " + byteOffset(html, at));
        }
        Map<String, String> attributes = attributes(body.substring(nameEnd), html, at);
        String type = switch (name) {
            case "b", "strong" -> "bold";
            case "i", "em" -> "italic";
            case "u", "ins" -> "underline";
            case "s", "strike", "del" -> "strikethrough";
            case "code" -> "code";
            case "pre" -> "pre";
            case "a" -> "text_link";
            case "blockquote" -> attributes.containsKey("expandable") ? "expandable_blockquote" : "blockquote";
            case "tg-spoiler" -> "spoiler";
            case "span" -> {
                if (!"tg-spoiler".equals(attributes.get("class"))) {
                    throw new ParseException(
                            "Tag \"span\" must have class \"tg-spoiler\" at byte offset " + byteOffset(html, at));
                }
                yield "spoiler";
            }
            default -> {
                if (!attributes.containsKey("emoji-id")) {
                    throw new ParseException(
                            "Tag \"tg-emoji\" must have attribute \"emoji-id\" at byte offset " + byteOffset(html, at));
                }
                yield "custom_emoji";
            }
        };
        String url = null;
        if (type.equals("text_link")) {
            url = attributes.get("href");
            if (url == null || url.isBlank()) {
                throw new ParseException(
                        "Tag \"a\" must have attribute \"href\" at byte offset " + byteOffset(html, at));
            }
        }
        String language = null;
        for (Open o : open) {
            boolean preCode = o.type().equals("pre") && type.equals("code") && open.peek() == o;
            if ((o.type().equals("pre") || o.type().equals("code")) && !preCode) {
                throw new ParseException("Entity \"" + type + "\" can't be nested in \"" + o.type()
                        + "\" at byte offset " + byteOffset(html, at));
            }
            if (o.type().endsWith("blockquote") && type.endsWith("blockquote")) {
                throw new ParseException("Blockquote entities can't be nested at byte offset " + byteOffset(html, at));
            }
            if (o.type().equals("text_link")
                    && (type.equals("text_link") || type.equals("code") || type.equals("pre"))) {
                throw new ParseException(
                        "Entity \"" + type + "\" can't be nested in a link at byte offset " + byteOffset(html, at));
            }
            if (preCode) {
                String cls = attributes.getOrDefault("class", "");
                language = cls.startsWith("language-") ? cls.substring("language-".length()) : null;
            }
        }
        open.push(new Open(name, type, text.length(), url, language));
    }

    private static void closeTag(
            String html, int at, String name, Deque<Open> open, List<Entity> entities, StringBuilder text)
            throws ParseException {
        if (open.isEmpty()) {
            throw new ParseException("Unexpected end tag at byte offset " + byteOffset(html, at));
        }
        Open top = open.peek();
        if (!top.name().equals(name)) {
            throw new ParseException("Unmatched end tag at byte offset " + byteOffset(html, at) + ", expected \"</"
                    + top.name() + ">\", found \"</" + name + ">\"");
        }
        open.pop();
        int length = text.length() - top.start();
        if (length == 0) {
            return;
        }
        if (top.type().equals("code") && !open.isEmpty() && open.peek().type().equals("pre")) {
            // <pre><code class="language-x">: Telegram reports one pre entity carrying the language.
            Open pre = open.pop();
            open.push(new Open(pre.name(), pre.type(), pre.start(), null, top.language()));
            return;
        }
        entities.add(new Entity(top.type(), top.start(), length, top.url(), top.language()));
    }

    private static Map<String, String> attributes(String s, String html, int at) throws ParseException {
        Map<String, String> result = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            int nameStart = i;
            while (i < s.length() && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
            if (i < s.length() && s.charAt(i) == '=') {
                i++;
                String value;
                if (i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                    char quote = s.charAt(i);
                    int close = s.indexOf(quote, i + 1);
                    if (close < 0) {
                        throw new ParseException("Unclosed attribute value at byte offset " + byteOffset(html, at));
                    }
                    value = s.substring(i + 1, close);
                    i = close + 1;
                } else {
                    int start = i;
                    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                        i++;
                    }
                    value = s.substring(start, i);
                }
                result.put(name, unescapeAttribute(value, html, at));
            } else {
                result.put(name, "");
            }
        }
        return result;
    }

    private static String unescapeAttribute(String value, String html, int at) throws ParseException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '&') {
                int semi = value.indexOf(';', i);
                String decoded = semi < 0 ? null : decodeEntity(value.substring(i + 1, semi));
                if (decoded == null) {
                    throw new ParseException("Character entity expected at byte offset " + byteOffset(html, at));
                }
                out.append(decoded);
                i = semi + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String decodeEntity(String name) {
        return switch (name) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            case "quot" -> "\"";
            default -> {
                try {
                    if (name.startsWith("#x") || name.startsWith("#X")) {
                        yield Character.toString(Integer.parseInt(name.substring(2), 16));
                    }
                    if (name.startsWith("#")) {
                        yield Character.toString(Integer.parseInt(name.substring(1)));
                    }
                } catch (IllegalArgumentException e) {
                    yield null;
                }
                yield null;
            }
        };
    }

    /** Telegram strips surrounding whitespace and clips entities to what is left. */
    static Parsed trim(String text, List<Entity> entities) {
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        List<Entity> clipped = new ArrayList<>();
        for (Entity e : entities) {
            int from = Math.max(e.offset(), start);
            int to = Math.min(e.offset() + e.length(), end);
            if (to > from) {
                clipped.add(new Entity(e.type(), from - start, to - from, e.url(), e.language()));
            }
        }
        clipped.sort((a, b) -> a.offset() != b.offset()
                ? Integer.compare(a.offset(), b.offset())
                : Integer.compare(b.length(), a.length()));
        return new Parsed(text.substring(start, end), List.copyOf(clipped));
    }

    private static int byteOffset(String s, int index) {
        return s.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
    }
}
