package dev.cozebridge.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The command line: {@code check}, {@code ask}, {@code chat}, {@code run}, {@code health}, {@code stats}, {@code backup}. */
@Command(
        name = "coze-bridge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Connects Discord and Telegram to Coze bots through the official Coze API.",
        subcommands = {
            CheckCommand.class,
            AskCommand.class,
            ChatCommand.class,
            RunCommand.class,
            HealthCommand.class,
            StatsCommand.class,
            BackupCommand.class
        })
public final class Main implements Callable<Integer> {

    /** Exit code for a Coze failure (the command could not get an answer). */
    public static final int EXIT_COZE_FAILED = 1;
    /** Exit code for configuration and usage problems. */
    public static final int EXIT_CONFIG = 2;

    private final Terminal terminal;

    Main(Terminal terminal) {
        this.terminal = terminal;
    }

    /** What a command may touch of the outside world; tests pass their own. */
    public record Terminal(Function<String, String> environment, InputStream in, PrintStream out, PrintStream err) {
        static Terminal system() {
            Map<String, String> env = System.getenv();
            return new Terminal(
                    env::get,
                    System.in,
                    new PrintStream(System.out, true, StandardCharsets.UTF_8),
                    new PrintStream(System.err, true, StandardCharsets.UTF_8));
        }
    }

    Terminal terminal() {
        return terminal;
    }

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, and exit code 2 as for any other usage problem. */
    @Override
    public Integer call() {
        spec.commandLine().usage(terminal.out());
        return EXIT_CONFIG;
    }

    public static void main(String[] args) {
        System.exit(execute(Terminal.system(), args));
    }

    /** Runs one command line and returns its exit code. */
    public static int execute(Terminal terminal, String... args) {
        CommandLine cli = new CommandLine(new Main(terminal), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    return cls.getDeclaredConstructor(Terminal.class).newInstance(terminal);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(cls);
                }
            }
        });
        cli.setOut(new PrintWriter(terminal.out(), true));
        cli.setErr(new PrintWriter(terminal.err(), true));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // A failure a command did not handle (the database cannot be opened, say): one line, trace at DEBUG.
            terminal.err().println("coze-bridge: " + oneLine(ex));
            LoggerFactory.getLogger(Main.class).debug("Command failed", ex);
            return EXIT_COZE_FAILED;
        });
        return cli.execute(args);
    }

    /** An exception as one console line: its message's first line, or its type when it has no message. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    /** The pom version, filtered into {@code dev/cozebridge/version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        static String number() {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/dev/cozebridge/version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the version resource", e);
            }
            return properties.getProperty("version", "unknown");
        }

        @Override
        public String[] getVersion() {
            return new String[] {"coze-bridge " + number()};
        }
    }
}
