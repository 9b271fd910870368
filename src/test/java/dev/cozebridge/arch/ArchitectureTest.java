package dev.cozebridge.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.cozebridge.arch.violations.command.Reset;
import dev.cozebridge.arch.violations.conversation.Service;
import dev.cozebridge.arch.violations.core.Greeting;
import dev.cozebridge.arch.violations.platform.console.Chat;
import dev.cozebridge.arch.violations.platform.discord.Outbound;
import dev.cozebridge.arch.violations.platform.telegram.Inbound;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds the line DESIGN.md draws, and proves it can: every rule passes on the real code, fails on a small set of
 * deliberate violations ({@code dev.cozebridge.arch.violations}, test-only), and fails when the packages it is
 * about are gone, as after a rename.
 */
class ArchitectureTest {
    private static final BridgeRules REAL = new BridgeRules("dev.cozebridge");
    private static final BridgeRules VIOLATIONS = new BridgeRules("dev.cozebridge.arch.violations");

    /** For each rule, a class of the violations that it must name when it fails. */
    private static final Map<String, Class<?>> CULPRITS = Map.of(
            "top-level packages are free of cycles", Chat.class,
            "packages are free of cycles", Service.class,
            "JDA only in platform.discord", Greeting.class,
            "no JDA internals anywhere", Outbound.class,
            "TelegramBots only in platform.telegram", Greeting.class,
            "Javalin and Jetty only in platform.http", Greeting.class,
            "OkHttp only in agent.coze and the adapters", Reset.class,
            "the core never imports an adapter or agent.coze", Service.class,
            "store only behind its interfaces", Inbound.class);

    private static JavaClasses main;
    private static JavaClasses violations;

    @BeforeAll
    static void importClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(REAL.root());
        violations = new ClassFileImporter().importPackages(VIOLATIONS.root());
    }

    @Test
    void theMainCodeHasNoTestClassesAndNoViolations() {
        assertThat(main.stream().map(c -> c.getPackageName()))
                .contains("dev.cozebridge.core", "dev.cozebridge.platform.discord")
                .noneMatch(p -> p.startsWith(VIOLATIONS.root()));
        assertThat(violations).isNotEmpty();
        assertThat(REAL.all())
                .extracting(BridgeRules.Rule::name)
                .containsExactlyInAnyOrderElementsOf(CULPRITS.keySet());
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        REAL.topLevelPackagesAreFreeOfCycles().check(main, REAL.root());
    }

    @Test
    void packagesAreFreeOfCycles() {
        REAL.packagesAreFreeOfCycles().check(main, REAL.root());
    }

    @Test
    void jdaStaysInTheDiscordAdapter() {
        REAL.jdaOnlyInTheDiscordAdapter().check(main, REAL.root());
    }

    @Test
    void noClassUsesJdaInternals() {
        REAL.noJdaInternals().check(main, REAL.root());
    }

    @Test
    void telegramBotsStayInTheTelegramAdapter() {
        REAL.telegramBotsOnlyInTheTelegramAdapter().check(main, REAL.root());
    }

    @Test
    void javalinStaysInTheHttpAdapter() {
        REAL.javalinOnlyInTheHttpAdapter().check(main, REAL.root());
    }

    @Test
    void onlyTheCozeClientAndTheAdaptersSpeakOkHttp() {
        REAL.okHttpOnlyInTheCozeClientAndAdapters().check(main, REAL.root());
    }

    /** The Coze client and the platform adapters hold OkHttp; {@code net} only puts a proxy on their builders. */
    @Test
    void theCoreNeverImportsAnAdapterOrTheCozeClient() {
        REAL.theCoreNeverImportsAnAdapterOrTheCozeClient().check(main, REAL.root());
    }

    @Test
    void theStoreIsUsedOnlyThroughItsInterfacesOutsideTheWiring() {
        REAL.theStoreOnlyBehindItsInterfaces().check(main, REAL.root());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleNames")
    void everyRuleFailsOnADeliberateViolation(String name) {
        assertThatThrownBy(() -> rule(VIOLATIONS, name).check(violations, VIOLATIONS.root()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(CULPRITS.get(name).getName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleNames")
    void everyRuleFailsWhenItsPackagesAreGone(String name) {
        // the real code seen from a root it does not have: what a package rename would leave the rule with
        BridgeRules renamed = new BridgeRules("dev.cozebridge.renamed");
        assertThatThrownBy(() -> rule(renamed, name).check(main, renamed.root()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("holds no classes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleNames")
    void everyRuleFailsWhenItSelectsNothing(String name) {
        // ArchUnit's own check, no longer switched off: a rule that selects no class at all fails
        JavaClasses nothing = new ClassFileImporter().importClasses(List.of());
        assertThatThrownBy(() -> rule(REAL, name).archRule().check(nothing)).isInstanceOf(AssertionError.class);
    }

    static Stream<String> ruleNames() {
        return REAL.all().stream().map(BridgeRules.Rule::name);
    }

    private static BridgeRules.Rule rule(BridgeRules rules, String name) {
        return rules.all().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
