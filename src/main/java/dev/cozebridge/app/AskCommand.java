package dev.cozebridge.app;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.agent.AnswerAccumulator;
import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Citation;
import dev.cozebridge.platform.console.ConsoleMarkup;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
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
        StreamPrinter printer = new StreamPrinter(terminal.out(), new ConsoleMarkup(settings.catalog()));
        // The terminal is the answer's: log lines such as a retry go to the log file, not between the answer lines.
        try (ConsoleLog quiet = ConsoleLog.warningsOnly(terminal.environment());
                CozeClient client = CozeClient.create(settings.coze())) {
            client.run(request, printer);
        }
        AgentFailure failure = printer.finish();
        if (failure != null) {
            terminal.err()
                    .println("coze-bridge: Coze failed: " + settings.catalog().failure(failure.kind()) + " (code "
                            + failure.code() + ": " + failure.message()
                            + (failure.logId() == null ? "" : "; logid " + failure.logId()) + ")");
            return Main.EXIT_COZE_FAILED;
        }
        return 0;
    }

    /**
     * Prints the answer as it arrives and its sources at the end, by the same rules as every other surface
     * ({@link AnswerAccumulator}, {@link ConsoleMarkup}). Events arrive on the client's thread.
     */
    private static final class StreamPrinter implements Consumer<AgentEvent> {
        private final PrintStream out;
        private final ConsoleMarkup markup;
        private final AnswerAccumulator answer = new AnswerAccumulator();

        StreamPrinter(PrintStream out, ConsoleMarkup markup) {
            this.out = out;
            this.markup = markup;
        }

        @Override
        public synchronized void accept(AgentEvent event) {
            answer.accept(event);
            String more = answer.appendOnly();
            if (!more.isEmpty()) {
                out.print(more);
                out.flush();
            }
        }

        /** Ends the output; returns the failure, or null when the answer completed. */
        synchronized AgentFailure finish() {
            if (answer.hasText()) {
                out.println();
            }
            List<Citation> sources = answer.sources();
            if (!sources.isEmpty() && answer.failure() == null) {
                out.println();
                out.println(markup.footnotes(sources));
            }
            out.flush();
            return answer.failure();
        }
    }
}
