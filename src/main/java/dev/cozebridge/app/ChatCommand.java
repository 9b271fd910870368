package dev.cozebridge.app;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.platform.console.ConsoleAdapter;
import dev.cozebridge.platform.console.ConsoleChat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "chat",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Chat with a bot in the terminal: each line is a message, the answer streams live. "
                + "The history is kept in the database, so the next run continues the conversation.")
final class ChatCommand implements Callable<Integer> {
    /** How long an answer may still finish after Ctrl-C before it is closed as it stands. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);

    private final Main.Terminal terminal;

    @Mixin
    ConfigOption config;

    @Option(
            names = {"-b", "--bot"},
            required = true,
            paramLabel = "NAME",
            description = "Bot name from the config.")
    String botName;

    @Option(
            names = "--user",
            paramLabel = "NAME",
            description = "Whose conversation this is (default: the system user name).")
    String user;

    ChatCommand(Main.Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        var selected = config.loadBot(botName, terminal.environment(), terminal.err());
        if (selected.isEmpty()) {
            return Main.EXIT_CONFIG;
        }
        BotSettings settings = selected.get().bot();
        if (!Logging.applied(selected.get().config(), terminal.err())) {
            return Main.EXIT_CONFIG;
        }
        Clock clock = Clock.systemUTC();
        String who = user != null ? user : System.getProperty("user.name", "user");
        // The terminal runs on exactly the engine, store and streamer the chat platforms use.
        try (App app = new App(selected.get().config(), List.of(settings), clock)) {
            ConsoleAdapter adapter = new ConsoleAdapter(settings.name(), settings.catalog(), terminal.out());
            app.start(adapter);
            BufferedReader in = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8));
            // Ctrl-C (SIGINT) runs shutdown hooks: the answer being written is closed with what it has, so the
            // next chat does not find it half-streamed, and the database is closed cleanly
            Thread hook = new Thread(() -> app.close(INTERRUPT_GRACE), "coze-bridge-chat-interrupted");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return new ConsoleChat(adapter, app.conversations(), who, clock).run(in, terminal.out());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is closing the app
                }
            }
        }
    }
}
