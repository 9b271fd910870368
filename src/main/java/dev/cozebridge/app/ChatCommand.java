package dev.cozebridge.app;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.platform.console.ConsoleAdapter;
import dev.cozebridge.platform.console.ConsoleChat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "chat",
        mixinStandardHelpOptions = true,
        description = "Chat with a bot in the terminal: each line is a message, the answer streams live. "
                + "The history is kept in the database, so the next run continues the conversation.")
final class ChatCommand implements Callable<Integer> {
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
        Clock clock = Clock.systemUTC();
        String who = user != null ? user : System.getProperty("user.name", "user");
        // The terminal runs on exactly the engine, store and streamer the chat platforms use.
        try (App app = new App(selected.get().config(), List.of(settings), clock)) {
            ConsoleAdapter adapter = new ConsoleAdapter(settings.name(), settings.catalog(), terminal.out());
            app.start(adapter);
            BufferedReader in = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8));
            return new ConsoleChat(adapter, app.conversations(), who, clock).run(in, terminal.out());
        }
    }
}
