package dev.cozebridge.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lines DESIGN.md draws, written once for a root package: {@code dev.cozebridge} for the real code, another
 * root for the deliberate violations that prove each rule can fail. Every rule first checks that the packages it
 * is about exist and hold classes, so a rename makes it fail instead of quietly matching nothing; ArchUnit's own
 * check fails a rule whose selection is empty.
 */
final class BridgeRules {

    /** One named rule and the packages (relative to the root) it is about. */
    record Rule(String name, List<String> packages, ArchRule archRule) {
        void check(JavaClasses classes, String root) {
            for (String relative : packages) {
                String name = root + "." + relative;
                boolean present = classes.stream()
                        .anyMatch(c -> c.getPackageName().equals(name)
                                || c.getPackageName().startsWith(name + "."));
                if (!present) {
                    throw new AssertionError("Rule '" + this.name + "' is about package " + name
                            + ", which holds no classes: was it renamed? Update the rule.");
                }
            }
            archRule.check(classes);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<String> ADAPTERS =
            List.of("platform.discord", "platform.telegram", "platform.http", "platform.console");

    private final String root;

    BridgeRules(String root) {
        this.root = root;
    }

    String root() {
        return root;
    }

    List<Rule> all() {
        return List.of(
                topLevelPackagesAreFreeOfCycles(),
                packagesAreFreeOfCycles(),
                jdaOnlyInTheDiscordAdapter(),
                noJdaInternals(),
                telegramBotsOnlyInTheTelegramAdapter(),
                javalinOnlyInTheHttpAdapter(),
                okHttpOnlyInTheCozeClientAndAdapters(),
                theCoreNeverImportsAnAdapterOrTheCozeClient(),
                theStoreOnlyBehindItsInterfaces());
    }

    /** {@code conversation → platform → conversation} and the like, counting a package with its subpackages. */
    Rule topLevelPackagesAreFreeOfCycles() {
        return new Rule(
                "top-level packages are free of cycles",
                List.of("core", "conversation", "platform", "agent", "store"),
                slices().matching(root + ".(*)..").should().beFreeOfCycles());
    }

    /** The same between every single package, e.g. {@code platform.console} and {@code platform}. */
    Rule packagesAreFreeOfCycles() {
        return new Rule(
                "packages are free of cycles",
                List.of("core", "conversation", "platform", "agent", "store"),
                slices().matching(root + ".(**)").should().beFreeOfCycles());
    }

    Rule jdaOnlyInTheDiscordAdapter() {
        return new Rule(
                "JDA only in platform.discord",
                List.of("platform.discord"),
                noClasses()
                        .that()
                        .resideOutsideOfPackage(root + ".platform.discord..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("net.dv8tion.."));
    }

    /** JDA's internals change without notice between releases; only its public API is a contract. */
    Rule noJdaInternals() {
        return new Rule(
                "no JDA internals anywhere",
                List.of("platform.discord"),
                noClasses()
                        .that()
                        .resideInAPackage(root + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("net.dv8tion.jda.internal.."));
    }

    Rule telegramBotsOnlyInTheTelegramAdapter() {
        return new Rule(
                "TelegramBots only in platform.telegram",
                List.of("platform.telegram"),
                noClasses()
                        .that()
                        .resideOutsideOfPackage(root + ".platform.telegram..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("org.telegram.."));
    }

    Rule javalinOnlyInTheHttpAdapter() {
        return new Rule(
                "Javalin and Jetty only in platform.http",
                List.of("platform.http"),
                noClasses()
                        .that()
                        .resideOutsideOfPackage(root + ".platform.http..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage("io.javalin..", "org.eclipse.jetty.."));
    }

    /** {@code net} is allowed too: it only puts a proxy on the clients of the Coze client and the adapters. */
    Rule okHttpOnlyInTheCozeClientAndAdapters() {
        return new Rule(
                "OkHttp only in agent.coze and the adapters",
                List.of("agent.coze", "platform"),
                noClasses()
                        .that()
                        .resideOutsideOfPackages(root + ".agent.coze..", root + ".platform..", root + ".net..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("okhttp3.."));
    }

    /** The core speaks its own vocabulary: no adapter, no Coze wire types, no platform library. */
    Rule theCoreNeverImportsAnAdapterOrTheCozeClient() {
        String[] forbidden = Stream.concat(
                        Stream.concat(ADAPTERS.stream(), Stream.of("agent.coze"))
                                .map(p -> root + "." + p + ".."),
                        Stream.of("okhttp3..", "net.dv8tion..", "org.telegram..", "io.javalin.."))
                .toArray(String[]::new);
        return new Rule(
                "the core never imports an adapter or agent.coze",
                List.of(
                        "core",
                        "conversation",
                        "command",
                        "agent",
                        "agent.coze",
                        "platform.discord",
                        "platform.telegram",
                        "platform.http",
                        "platform.console"),
                noClasses()
                        .that()
                        .resideInAnyPackage(
                                root + ".core..", root + ".conversation..", root + ".command..", root + ".agent")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(forbidden));
    }

    /**
     * Everyone but the wiring in {@code app} uses the store through its interfaces and their values; the JDBC
     * implementations and the database are {@code app}'s to build.
     */
    Rule theStoreOnlyBehindItsInterfaces() {
        String store = root + ".store";
        DescribedPredicate<JavaClass> implementation = DescribedPredicate.describe(
                "are store implementations (not an interface, a record, an enum or an exception)",
                c -> c.getPackageName().equals(store)
                        && !c.isInterface()
                        && !c.isRecord()
                        && !c.isEnum()
                        && !c.isAssignableTo(Throwable.class));
        return new Rule(
                "store only behind its interfaces",
                List.of("store", "app"),
                noClasses()
                        .that()
                        .resideOutsideOfPackages(store + "..", root + ".app..")
                        .should()
                        .dependOnClassesThat(implementation));
    }
}
