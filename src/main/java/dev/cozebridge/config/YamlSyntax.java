package dev.cozebridge.config;

import java.io.IOException;
import java.util.Locale;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error as one sentence a self-hoster can act on: where (line and column, counted from 1) and what
 * to change. The parser's own words ("while scanning for the next token") say what it was doing, not what is
 * wrong, so the common mistakes get a plain explanation.
 */
final class YamlSyntax {
    private YamlSyntax() {}

    static String explain(IOException e) {
        MarkedYAMLException marked = find(e);
        if (marked == null) {
            return "not valid YAML: " + firstLine(e.getMessage());
        }
        String problem = marked.getProblem() == null ? "" : marked.getProblem();
        String context = marked.getContext() == null ? "" : marked.getContext();
        String lower = problem.toLowerCase(Locale.ROOT);
        // an unclosed quote or bracket is found at the end of the file; where it was opened is what helps
        Mark opened = marked.getContextMark();
        if (lower.contains("tab") && lower.contains("cannot start any token")) {
            return at(marked.getProblemMark())
                    + "a tab character; YAML indents with spaces only, so replace the tab with spaces";
        }
        if (lower.contains("mapping values are not allowed")) {
            return at(marked.getProblemMark())
                    + "a ':' where no key can start; put a value that contains ': ' in quotes, indent this line "
                    + "like the keys next to it, or add the ':' missing after the key on the line before";
        }
        if (lower.contains("could not find expected ':'")) {
            return at(opened != null ? opened : marked.getProblemMark())
                    + "a key without its ':'; write key: value (with a space after the colon)";
        }
        if (context.contains("quoted scalar") && opened != null) {
            return at(opened) + "a quote that is never closed; end the value with the same quote on that line";
        }
        if ((context.contains("flow sequence") || context.contains("flow mapping")) && opened != null) {
            return at(opened) + "a '[' or '{' that is never closed; add the closing ']' or '}'";
        }
        if (lower.contains("<stream end>") || lower.contains("end of stream")) {
            return at(marked.getProblemMark())
                    + "the file ends inside a '[', '{' or quote that was never closed; close it";
        }
        if (lower.contains("expected <block end>")) {
            return at(marked.getProblemMark())
                    + "this line is indented differently from the keys above it; indent keys of one section "
                    + "by the same number of spaces";
        }
        if (lower.contains("found undefined alias") || lower.contains("expected alphabetic or numeric")) {
            return at(marked.getProblemMark())
                    + "a value starting with '*' or '&' is read as a YAML alias; put it in quotes";
        }
        return at(marked.getProblemMark()) + "not valid YAML: " + problem.strip()
                + (context.isBlank() ? "" : " (" + context.strip() + ")");
    }

    private static String at(Mark mark) {
        return mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
    }

    private static MarkedYAMLException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
