package dev.cozebridge.platform.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Reads a request body as exactly one JSON value. Any string that fits in the body limit is taken (a large
 * {@code data:} image is one long string); what is not one valid JSON value is refused with a sentence about the
 * request, never a parser's internals.
 */
final class JsonBody {
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxStringLength((int) Math.min(Integer.MAX_VALUE, OpenAiServer.MAX_BODY_BYTES))
            .build();

    private JsonBody() {}

    /**
     * The mapper the API reads with: the limits above, trailing content refused, and a field named twice in one
     * object refused (which of two "model" or "messages" a client meant is a guess; parsers disagree on it).
     */
    static ObjectMapper mapper() {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(LIMITS)
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** @throws ApiError 400 saying what is wrong with the body */
    static JsonNode parse(ObjectMapper json, byte[] body) {
        if (new String(body, StandardCharsets.ISO_8859_1).isBlank()) {
            throw ApiError.badRequest("The request body is empty; send a JSON object.", null);
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(describe(e), null);
        } catch (IOException e) {
            // from a byte array only a decoding failure (CharConversionException): bytes that are no Unicode text
            throw ApiError.badRequest("The request body is not UTF-8 text; send JSON encoded as UTF-8.", null);
        }
    }

    /**
     * The value of a JSON number that is a whole number in int range ({@code 2}, also written {@code 2.0}), else
     * empty: {@code 1.5}, {@code "1"} and {@code true} are not counts.
     */
    static OptionalInt wholeNumber(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return OptionalInt.empty();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? OptionalInt.of(node.intValue()) : OptionalInt.empty();
        }
        double value = node.doubleValue();
        return value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE
                ? OptionalInt.of((int) value)
                : OptionalInt.empty();
    }

    static String describe(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String lower = original.toLowerCase(Locale.ROOT);
        if (e instanceof StreamConstraintsException) {
            if (lower.contains("nesting depth")) {
                return "The request body nests arrays and objects more than " + LIMITS.getMaxNestingDepth()
                        + " levels deep.";
            }
            if (lower.contains("number")) {
                return "A number in the request body has more than " + LIMITS.getMaxNumberLength() + " digits.";
            }
            if (lower.contains("name")) {
                return "A field name in the request body is longer than " + LIMITS.getMaxNameLength() + " characters.";
            }
            return "The request body is larger than the API takes.";
        }
        if (e instanceof MismatchedInputException && lower.startsWith("trailing token")) {
            return "The request body has more after its JSON value" + where(e.getLocation())
                    + "; send exactly one JSON object.";
        }
        if (e instanceof JsonParseException && lower.startsWith("duplicate field")) {
            int open = original.indexOf('\'');
            int close = original.lastIndexOf('\'');
            String name = open >= 0 && close > open ? original.substring(open + 1, close) : "";
            return "The request body names the field \"" + name + "\" twice in one object" + where(e.getLocation())
                    + "; send each field once.";
        }
        if (e instanceof JsonParseException && lower.startsWith("invalid utf-8")) {
            return "The request body is not UTF-8 text" + where(e.getLocation()) + "; send JSON encoded as UTF-8.";
        }
        if (e instanceof JsonEOFException) {
            return "The request body is not valid JSON: it ends before the JSON is complete.";
        }
        if (e instanceof JsonParseException) {
            return "The request body is not valid JSON" + where(e.getLocation()) + ": " + reason(original) + ".";
        }
        return "The request body is not valid JSON" + where(e.getLocation()) + ".";
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The parser's own first clause when it reads as plain words, else a generic phrase. */
    private static String reason(String original) {
        String text = original;
        for (String cut : new String[] {"\n", " at [Source", " (start marker", "; line:"}) {
            int at = text.indexOf(cut);
            if (at >= 0) {
                text = text.substring(0, at);
            }
        }
        text = text.strip();
        if (text.isEmpty() || text.length() > 200 || text.contains("`") || text.contains("Source:")) {
            return "unexpected content";
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
