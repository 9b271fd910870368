package dev.cozebridge.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Holds the line DESIGN.md draws: platform and library types stay inside their adapter packages. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cozebridge");
    }

    @Test
    void jdaStaysInTheDiscordAdapter() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.cozebridge.platform.discord..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("net.dv8tion..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void telegramBotsStayInTheTelegramAdapter() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.cozebridge.platform.telegram..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.telegram..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void javalinStaysInTheHttpAdapter() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.cozebridge.platform.http..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void theCoreSpeaksOnlyItsOwnVocabulary() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.cozebridge.core..",
                        "dev.cozebridge.conversation..",
                        "dev.cozebridge.command..",
                        "dev.cozebridge.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "okhttp3..",
                        "net.dv8tion..",
                        "org.telegram..",
                        "io.javalin..",
                        "dev.cozebridge.agent.coze..",
                        "dev.cozebridge.platform.discord..",
                        "dev.cozebridge.platform.telegram..",
                        "dev.cozebridge.platform.http..")
                .allowEmptyShould(true)
                .check(classes);
    }

    /** The Coze client and the platform adapters hold OkHttp; {@code net} only puts a proxy on their builders. */
    @Test
    void onlyTheCozeClientSpeaksHttpToCoze() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "dev.cozebridge.agent.coze..", "dev.cozebridge.platform..", "dev.cozebridge.net..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("okhttp3..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
