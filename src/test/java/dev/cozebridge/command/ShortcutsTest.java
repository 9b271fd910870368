package dev.cozebridge.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.core.ShortcutCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShortcutsTest {

    private static BotProfile.Shortcut shortcut(String command, BotProfile.Component... components) {
        return new BotProfile.Shortcut("id-" + command, command, "Name " + command, null, List.of(components));
    }

    private static BotProfile.Component text(String name, String defaultValue) {
        return new BotProfile.Component(name, null, "text", defaultValue, List.of(), false);
    }

    @Test
    void commandNamesAreValidOnTelegramAndDiscordAndNeverTakeABridgeCommand() {
        assertThat(Shortcuts.commandName("/Search-News")).isEqualTo("search_news");
        assertThat(Shortcuts.commandName("/新闻 today")).isEqualTo("today");
        assertThat(Shortcuts.commandName("/" + "x".repeat(40))).hasSize(32);
        BotProfile profile = new BotProfile(
                null,
                null,
                List.of(),
                List.of(shortcut("/reset"), shortcut("/news"), shortcut("/News"), shortcut("/新闻")));
        assertThat(Shortcuts.of(profile)).extracting(Shortcuts.Named::name).containsExactly("news");
        assertThat(Shortcuts.of(profile)).allSatisfy(n -> assertThat(n.name()).matches("[a-z0-9_]{1,32}"));
    }

    @Test
    void aCommandLineFillsTheFirstVisibleComponentAndDefaultsTheRest() {
        BotProfile.Shortcut s = shortcut(
                "/sc",
                new BotProfile.Component("hidden", null, "text", "h", List.of(), true),
                text("query", null),
                text("region", "EU"),
                new BotProfile.Component("doc", null, "file", "", List.of(), false));

        ShortcutCall call = Shortcuts.fromText(s, " AI chips ");

        assertThat(call.commandId()).isEqualTo("id-/sc");
        assertThat(call.parameters())
                .isEqualTo(Map.of(
                        "hidden", "[{\"type\":\"text\",\"text\":\"h\"}]",
                        "query", "[{\"type\":\"text\",\"text\":\"AI chips\"}]",
                        "region", "[{\"type\":\"text\",\"text\":\"EU\"}]"));
        assertThat(Shortcuts.fromText(s, "").parameters()).doesNotContainKey("query");
        assertThat(Shortcuts.fromValues(s, Map.of("region", "US \"west\""))
                        .parameters()
                        .get("region"))
                .isEqualTo("[{\"type\":\"text\",\"text\":\"US \\\"west\\\"\"}]");
    }

    @Test
    void menusDescribeAShortcutByItsDescriptionElseItsName() {
        Shortcuts.Named named = new Shortcuts.Named("sc", shortcut("/sc"));
        assertThat(Shortcuts.description(named, 100)).isEqualTo("Name /sc");
        Shortcuts.Named described =
                new Shortcuts.Named("sc", new BotProfile.Shortcut("1", "/sc", "n", "d".repeat(300), List.of()));
        assertThat(Shortcuts.description(described, 256)).hasSize(256).endsWith("…");
    }
}
