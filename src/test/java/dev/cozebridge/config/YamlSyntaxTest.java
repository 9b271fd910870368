package dev.cozebridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** YAML syntax errors say where (line, column) and what to change, in one line. */
class YamlSyntaxTest {
    private static String problem(String yaml) {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> new ConfigLoader(Map.of("COZE_API_TOKEN", "t")::get)
                        .load(Path.of("bots.yml"), new StringReader(yaml)));
        assertThat(e.problems()).hasSize(1);
        String problem = e.problems().getFirst();
        assertThat(problem).doesNotContain("\n").doesNotContain("bots.yml");
        return problem;
    }

    @Test
    void aTabSaysWhereAndToUseSpaces() {
        assertThat(problem("bots:\n\t- name: demo\n"))
                .isEqualTo("line 2, column 1: a tab character; YAML indents with spaces only, so replace the tab "
                        + "with spaces")
                .doesNotContain("while scanning");
    }

    @Test
    void aMissingColonOrAStrayOneIsPlacedAndExplained() {
        assertThat(problem("coze:\n  base_url http://x\n  token_env: y\n"))
                .startsWith("line 3, column 12: a ':' where no key can start")
                .contains("the ':' missing after the key on the line before");
        assertThat(problem("coze:\n  base_url: a: b\n")).startsWith("line 2, column 14: a ':' where no key can start");
    }

    @Test
    void unclosedQuotesAndBracketsPointAtWhereTheyOpened() {
        assertThat(problem("coze:\n  base_url: \"https://api.coze.com\nbots: []\n"))
                .isEqualTo("line 2, column 13: a quote that is never closed; end the value with the same quote on "
                        + "that line");
        assertThat(problem("bots:\n  - name: x\n    coze: {bot_id: \"1\"\n"))
                .isEqualTo("line 3, column 11: a '[' or '{' that is never closed; add the closing ']' or '}'");
        assertThat(problem("bots: [\n")).contains("line 2, column 1").contains("never closed");
    }

    @Test
    void aWronglyIndentedKeySaysSo() {
        assertThat(problem("coze:\n  base_url: https://api.coze.com\n token_env: X\n"))
                .isEqualTo("line 3, column 2: this line is indented differently from the keys above it; indent "
                        + "keys of one section by the same number of spaces");
    }
}
