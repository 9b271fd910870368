package dev.cozebridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.stmt.Statement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every sentence the bridge writes into a chat comes from the {@link Catalog}: the code of the packages that
 * write into chats (the core and the Discord, Telegram and terminal adapters) holds no prose string literal
 * except in logs, exception messages (for logs and operators), annotations and thread names.
 */
class SentencesOnlyInCatalogTest {

    private static final Path MAIN = Path.of("src/main/java/dev/cozebridge");
    /** Where chat sentences would be written. The HTTP API, config, store, app and Coze client speak to operators. */
    private static final List<String> CHAT_PACKAGES = List.of(
            "core", "conversation", "command", "platform", "platform/discord", "platform/telegram", "platform/console");
    /**
     * Text a person would read: a capitalised phrase of two words or more (lower-case fragments are protocol
     * strings, like Telegram's error descriptions), or any Chinese.
     */
    private static final Pattern PROSE = Pattern.compile("^[^\\p{L}]{0,3}\\p{Lu}\\p{L}*[ ,;:]+\\p{L}{2,}|\\p{IsHan}");

    private static final Set<String> LOGGERS = Set.of("log", "LOG", "logger");
    private static final Set<String> NAMING_CALLS = Set.of("name");

    private final JavaParser parser =
            new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21));

    @Test
    void noChatSentenceIsWrittenOutsideTheCatalog() throws IOException {
        List<String> found = new ArrayList<>();
        for (String pkg : CHAT_PACKAGES) {
            try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    found.addAll(sentencesIn(MAIN.relativize(file).toString(), Files.readString(file)));
                }
            }
        }
        assertThat(found)
                .as("user-facing sentences belong in src/main/resources/catalog/*.properties (keys in core.Text)")
                .isEmpty();
    }

    @Test
    void theScanFindsASentenceWhereOneIs() {
        String source = """
                class Demo {
                    private static final org.slf4j.Logger log = null;
                    String busy() {
                        log.info("this is a log line, {}", "fine");
                        if (busy) throw new IllegalStateException("Operators read this.");
                        log.warn("Logs may say Anything");
                        return "Please try again in a moment.";
                    }
                    String chinese() { return "请稍后再试"; }
                    String markup() { return "**" + "</b>" + "%s"; }
                }
                """;
        assertThat(sentencesIn("Demo.java", source))
                .containsExactly("Demo.java:7: Please try again in a moment.", "Demo.java:9: 请稍后再试");
    }

    private List<String> sentencesIn(String name, String source) {
        CompilationUnit unit =
                parser.parse(source).getResult().orElseThrow(() -> new AssertionError(name + " does not parse"));
        List<String> found = new ArrayList<>();
        for (Expression literal : literals(unit)) {
            String value =
                    literal instanceof StringLiteralExpr s ? s.getValue() : ((TextBlockLiteralExpr) literal).getValue();
            if (PROSE.matcher(value).find() && !allowed(literal)) {
                found.add(name + ":" + literal.getBegin().map(p -> p.line).orElse(0) + ": " + value);
            }
        }
        return found;
    }

    private static List<Expression> literals(CompilationUnit unit) {
        List<Expression> all = new ArrayList<>(unit.findAll(StringLiteralExpr.class));
        all.addAll(unit.findAll(TextBlockLiteralExpr.class));
        return all;
    }

    /** Logs, exceptions, annotations and thread names may hold prose; nothing else in these packages. */
    private static boolean allowed(Node literal) {
        Optional<Node> at = literal.getParentNode();
        while (at.isPresent() && !(at.get() instanceof Statement) && !(at.get() instanceof BodyDeclaration<?>)) {
            Node node = at.get();
            if (node instanceof AnnotationExpr) {
                return true;
            }
            if (node instanceof ObjectCreationExpr creation
                    && isThrowable(creation.getType().getNameAsString())) {
                return true;
            }
            if (node instanceof MethodCallExpr call) {
                Optional<Expression> scope = call.getScope();
                if (scope.isPresent() && scope.get() instanceof NameExpr n && LOGGERS.contains(n.getNameAsString())) {
                    return true;
                }
                if (scope.isPresent() && scope.get() instanceof NameExpr n && isThrowable(n.getNameAsString())) {
                    return true;
                }
                if (NAMING_CALLS.contains(call.getNameAsString())) {
                    return true;
                }
            }
            at = node.getParentNode();
        }
        return at.isPresent() && at.get().findAncestor(AnnotationExpr.class).isPresent();
    }

    private static boolean isThrowable(String typeName) {
        return typeName.endsWith("Exception") || typeName.endsWith("Error");
    }
}
