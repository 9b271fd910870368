package dev.cozebridge.app;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Citation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "ask",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Ask a bot one question; the answer streams to stdout, then its knowledge sources.")
final class AskCommand implements Callable<Integer> {
    private final Main.Terminal terminal;

    @Mixin
    ConfigOption config;

    @Option(
            names = {"-b", "--bot"},
            required = true,
            paramLabel = "NAME",
            description = "Bot name from the config.")
    String botName;

    @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question (several words are joined).")
    List<String> question;

    AskCommand(Main.Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        var selected = config.loadBot(botName, terminal.environment(), terminal.err());
        if (selected.isEmpty()) {
            return Main.EXIT_CONFIG;
        }
        BotSettings settings = selected.get().bot();
        AgentRequest request = new AgentRequest(
                settings.botId(),
                "cli:" + System.getProperty("user.name", "user"),
                null,
                List.of(AgentMessage.user(String.join(" ", question))),
                settings.customVariables(),
                Map.of("platform", "cli"));
        StreamPrinter printer = new StreamPrinter(terminal.out());
        try (CozeClient client = CozeClient.create(settings.coze())) {
            client.run(request, printer);
        }
        AgentFailure failure = printer.failure.get();
        printer.finish();
        if (failure != null) {
            terminal.err()
                    .println("coze-bridge: Coze failed: " + failure.userMessage() + " (code " + failure.code() + ": "
                            + failure.message() + (failure.logId() == null ? "" : "; logid " + failure.logId()) + ")");
            return Main.EXIT_COZE_FAILED;
        }
        return 0;
    }

    /** Prints answer text as it arrives and the sources at the end. Called on the client's thread. */
    private static final class StreamPrinter implements java.util.function.Consumer<AgentEvent> {
        private final PrintStream out;
        private final Map<String, StringBuilder> answers = new LinkedHashMap<>();
        private final List<Citation> citations = new ArrayList<>();
        private final AtomicReference<AgentFailure> failure = new AtomicReference<>();
        private String current;

        StreamPrinter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void accept(AgentEvent event) {
            switch (event) {
                case AgentEvent.TextDelta d -> {
                    StringBuilder text = answerFor(d.messageId());
                    text.append(d.text());
                    out.print(d.text());
                    out.flush();
                }
                case AgentEvent.AnswerCompleted c -> {
                    StringBuilder text = answerFor(c.messageId());
                    // The completed text is authoritative; print whatever the deltas did not already show.
                    if (c.text().startsWith(text.toString()) && c.text().length() > text.length()) {
                        out.print(c.text().substring(text.length()));
                        text.setLength(0);
                        text.append(c.text());
                    }
                }
                case AgentEvent.KnowledgeRecalled k -> citations.addAll(k.citations());
                case AgentEvent.Failed f -> failure.set(f.failure());
                default -> {}
            }
        }

        private StringBuilder answerFor(String messageId) {
            if (!messageId.equals(current)) {
                if (current != null) {
                    out.print("\n\n");
                }
                current = messageId;
            }
            return answers.computeIfAbsent(messageId, id -> new StringBuilder());
        }

        void finish() {
            if (current != null) {
                out.println();
            }
            List<String> lines = footnotes(citations);
            if (!lines.isEmpty() && failure.get() == null) {
                out.println();
                out.println("Sources:");
                lines.forEach(out::println);
            }
            out.flush();
        }
    }

    /** Numbered source lines, deduplicated by URL (by title for sources without a public URL). */
    static List<String> footnotes(List<Citation> citations) {
        Map<String, Citation> unique = new LinkedHashMap<>();
        for (Citation c : citations) {
            unique.putIfAbsent(c.url() != null ? c.url() : "title:" + c.title(), c);
        }
        List<String> lines = new ArrayList<>();
        int n = 1;
        for (Citation c : unique.values()) {
            lines.add("[" + n++ + "] " + c.title() + (c.url() == null ? "" : " - " + c.url()));
        }
        return lines;
    }
}
