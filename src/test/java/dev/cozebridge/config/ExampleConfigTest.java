package dev.cozebridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped bots.yml documents every key, and the README's key table lists them: a key the loader reads that the
 * example does not mention fails here, and so does a documented key the loader does not know. The example is
 * read with every commented-out key switched on, as a user would uncomment it.
 */
class ExampleConfigTest {
    /** {@code   # key: value} or {@code   #   - key: value}: a key shown commented out. */
    private static final Pattern COMMENTED_KEY = Pattern.compile("^(\\s*)# (\\s*(?:- )?[a-z_]+:(?:\\s.*)?)$");
    /** Keys of the proxy mapping, documented once at the top level for every proxy key. */
    private static final Pattern PROXY_PART = Pattern.compile(".*\\bproxy\\.(url|username_env|password_env)$");

    private static Set<String> documented;
    /** The documented keys that hold values rather than sections: what the README table must list. */
    private static Set<String> leaves;

    private static Set<String> asked;
    private static List<String> problems;

    @BeforeAll
    static void readTheExample() throws IOException {
        String uncommented = Files.readString(Path.of("bots.yml"))
                .lines()
                .map(line -> {
                    Matcher m = COMMENTED_KEY.matcher(line);
                    return m.matches() ? m.group(1) + m.group(2) : line;
                })
                .collect(Collectors.joining("\n", "", "\n"));
        documented = new TreeSet<>();
        leaves = new TreeSet<>();
        collect("", YamlTree.parse(new StringReader(uncommented), new ArrayList<>()), documented, leaves);

        asked = new HashSet<>();
        // every *_env name is set; a PEM for the key, so that each section reads all of its keys
        ConfigLoader loader = new ConfigLoader(name -> name.contains("PRIVATE_KEY")
                ? "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"
                : name.equals(LoggingSettings.LEVEL_ENV) || name.equals(ConfigPaths.DATA_DIR_ENV) ? null : "set");
        ConfigException e = catchThrowableOfType(
                ConfigException.class, () -> loader.load(Path.of("bots.yml"), new StringReader(uncommented), asked));
        problems = e == null ? List.of() : e.problems();
    }

    private static void collect(String path, YamlTree node, Set<String> keys, Set<String> values) {
        if (node instanceof YamlTree.Mapping m) {
            for (Map.Entry<String, YamlTree> entry : m.entries().entrySet()) {
                String key = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                keys.add(key);
                YamlTree value = entry.getValue();
                boolean section = value instanceof YamlTree.Mapping
                        || (value instanceof YamlTree.Sequence seq
                                && seq.items().stream().anyMatch(i -> i instanceof YamlTree.Mapping));
                if (!section || key.endsWith("custom_variables")) {
                    values.add(key);
                } else {
                    collect(key, value, keys, values);
                }
            }
        } else if (node instanceof YamlTree.Sequence s) {
            for (YamlTree item : s.items()) {
                collect(path + "[]", item, keys, values);
            }
        }
    }

    /** Whether the example documents {@code key}, directly or by the rules it states in its comments. */
    private static boolean isDocumented(String key) {
        if (documented.contains(key)) {
            return true;
        }
        Matcher proxy = PROXY_PART.matcher(key);
        if (proxy.matches()) {
            return documented.contains("proxy." + proxy.group(1));
        }
        // "every key of the top-level coze section may be set here too"
        return key.startsWith("bots[].coze.") && documented.contains(key.substring("bots[].".length()));
    }

    @Test
    void withEveryKeySwitchedOnNothingIsUnknown() {
        assertThat(problems).noneMatch(p -> p.contains("unknown key")).noneMatch(p -> p.contains("inline secrets"));
    }

    @Test
    void everyKeyTheLoaderReadsIsInTheExample() {
        assertThat(asked.stream().filter(k -> !k.contains("custom_variables.")).filter(k -> !isDocumented(k)))
                .as("keys the loader reads but bots.yml does not mention")
                .isEmpty();
    }

    @Test
    void everyKeyInTheExampleIsReadByTheLoader() {
        assertThat(documented.stream().filter(k -> !asked.contains(k)))
                .as("keys bots.yml mentions but the loader does not read")
                .isEmpty();
    }

    @Test
    void theReadmeKeyTableListsEveryKey() throws IOException {
        List<Pattern> rows = readmeKeys(Files.readString(Path.of("README.md")));
        assertThat(leaves.stream()
                        .filter(k -> rows.stream().noneMatch(p -> p.matcher(k).matches())))
                .as("keys missing from the README's configuration table")
                .isEmpty();
    }

    /** The key column of the README's configuration table: `a.b`, `a.{b,c}`, `a.*`, several per cell. */
    static List<Pattern> readmeKeys(String readme) {
        List<Pattern> patterns = new ArrayList<>();
        boolean inTable = false;
        for (String line : readme.lines().toList()) {
            if (line.startsWith("| key |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable && !line.startsWith("| ---")) {
                String cell = line.split("(?<!\\\\)\\|")[1];
                Matcher code = Pattern.compile("`([^`]+)`").matcher(cell);
                while (code.find()) {
                    patterns.add(Pattern.compile(toRegex(code.group(1))));
                }
            }
        }
        assertThat(patterns).as("README configuration table").isNotEmpty();
        return patterns;
    }

    private static String toRegex(String key) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '{' -> regex.append("(?:");
                case '}' -> regex.append(')');
                case ',' -> regex.append('|');
                case '*' -> regex.append(".+");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
