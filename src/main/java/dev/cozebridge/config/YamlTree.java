package dev.cozebridge.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bots.yml read as a plain tree whose scalars keep the exact text written. Jackson's own tree would turn an
 * unquoted {@code bot_id: 7400000000000000001} into a number; here it stays the digits the user typed.
 */
sealed interface YamlTree {

    int line();

    record Mapping(Map<String, YamlTree> entries, int line) implements YamlTree {}

    record Sequence(List<YamlTree> items, int line) implements YamlTree {}

    /** A scalar; {@code quoted} is false for numbers and booleans YAML recognised, true for strings. */
    record Scalar(String text, boolean string, int line) implements YamlTree {}

    record Null(int line) implements YamlTree {}

    /**
     * Parses one YAML document. Duplicate keys and a second document are reported through {@code problems} (for
     * duplicates the first one wins).
     */
    static YamlTree parse(Reader reader, List<String> problems) throws IOException {
        try (JsonParser parser = new YAMLFactory().createParser(reader)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return new Null(1);
            }
            YamlTree root = read(parser, token, "", problems);
            // Jackson reads a stream of documents; a second one would be silently ignored, so it is an error.
            if (parser.nextToken() != null) {
                problems.add("line " + parser.currentTokenLocation().getLineNr()
                        + ": this is a second YAML document (after '---'); keep the whole configuration in one "
                        + "document");
            }
            return root;
        }
    }

    private static YamlTree read(JsonParser parser, JsonToken token, String path, List<String> problems)
            throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlTree> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    YamlTree value = read(parser, parser.nextToken(), childPath, problems);
                    if (entries.putIfAbsent(key, value) != null) {
                        problems.add(childPath + ": duplicate key (line " + value.line() + ")");
                    }
                }
                return new Mapping(entries, line);
            }
            case START_ARRAY -> {
                List<YamlTree> items = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(parser, next, path + "[" + items.size() + "]", problems));
                }
                return new Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new Null(line);
            }
            case VALUE_STRING -> {
                return new Scalar(parser.getText(), true, line);
            }
            default -> {
                return new Scalar(parser.getText(), false, line);
            }
        }
    }
}
