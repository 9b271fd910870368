package dev.cozebridge.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleAdapterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleAdapter adapter = new ConsoleAdapter(
            "helper", Catalog.of(BotLocale.EN), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void growingTextPrintsOnlyTheNewPart() {
        MessageRef ref = adapter.send(ReplyTarget.channel("alice"), "Hel");
        adapter.edit(ref, "Hello");
        adapter.edit(ref, "Hello, world");
        assertThat(printed()).isEqualTo("Hello, world");
    }

    @Test
    void rewrittenTextIsPrintedAgainOnAFreshLine() {
        MessageRef ref = adapter.send(ReplyTarget.channel("alice"), "Helo");
        adapter.edit(ref, "Hello");
        assertThat(printed()).isEqualTo("Helo" + System.lineSeparator() + "Hello");
    }

    @Test
    void messageIdsDifferAcrossRuns() {
        ConsoleAdapter other =
                new ConsoleAdapter("helper", Catalog.of(BotLocale.EN), new PrintStream(new ByteArrayOutputStream()));
        assertThat(adapter.send(ReplyTarget.channel("a"), "x").messageId())
                .isNotEqualTo(other.send(ReplyTarget.channel("a"), "x").messageId());
    }

    @Test
    void markupSuitsATerminal() {
        assertThat(adapter.markup().streamingMarker()).isEmpty();
        assertThat(adapter.markup()
                        .footnotes(List.of(
                                new Citation("d", "Guide", "https://e.com", 1),
                                new Citation("f", "notes.pdf", null, 1))))
                .isEqualTo("Sources:\n[1] Guide - https://e.com\n[2] notes.pdf");
        assertThat(adapter.markup().notice("Coze could not be reached.")).isEqualTo("(Coze could not be reached.)");
    }
}
