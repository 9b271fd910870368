package dev.cozebridge.app;

import dev.cozebridge.config.BridgeConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Start every configured platform of every bot (and the HTTP API if configured) until "
                + "SIGTERM or SIGINT.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    private final Main.Terminal terminal;

    @Mixin
    ConfigOption config;

    RunCommand(Main.Terminal terminal) {
        this.terminal = terminal;
    }

    /**
     * Before anything connects: a token or bot Coze rejects would fail every chat, so the start stops with one line
     * per such bot. A Coze that cannot be reached now may answer later; that is one warning, and the start goes on.
     * Returns true without an answer when {@code stopRequested} completes first (the caller sees the stop).
     */
    private boolean cozeAccepts(App app, CompletableFuture<Void> stopRequested) {
        // Coze may hold the connection for its whole timeout; a SIGTERM meanwhile ends the start at once, and
        // the check left behind runs on a daemon thread that dies with the process
        CompletableFuture<List<CozeCheck.Result>> checking = new CompletableFuture<>();
        Thread.ofVirtual().name("coze-bridge-coze-check").start(() -> {
            try {
                checking.complete(app.checkCoze());
            } catch (RuntimeException | Error e) {
                checking.completeExceptionally(e);
            }
        });
        CompletableFuture.anyOf(checking, stopRequested).join();
        if (!checking.isDone()) {
            return true;
        }
        List<CozeCheck.Result> results = checking.join();
        List<CozeCheck.Result> unchecked = new ArrayList<>();
        boolean rejected = false;
        for (CozeCheck.Result result : results) {
            if (result.rejected()) {
                rejected = true;
                terminal.err().println("coze-bridge: could not start: " + result.line());
            } else if (result.published()) {
                log.info("{}", result.line());
            } else {
                unchecked.add(result);
            }
        }
        if (!rejected && !unchecked.isEmpty()) {
            log.warn(
                    "Starting without a word from Coze (chats fail until it answers): {}",
                    unchecked.stream().map(CozeCheck.Result::line).collect(Collectors.joining("; ")));
        }
        return !rejected;
    }

    @Override
    public Integer call() throws InterruptedException {
        var loaded = config.load(terminal.environment(), terminal.err());
        if (loaded.isEmpty()) {
            return Main.EXIT_CONFIG;
        }
        BridgeConfig cfg = loaded.get();
        if (!Logging.applied(cfg, terminal.err())) {
            return Main.EXIT_CONFIG;
        }
        // before the database is opened: a configuration with nothing to run changes nothing on disk
        boolean platforms =
                cfg.bots().stream().anyMatch(b -> App.PLATFORMS.stream().anyMatch(f -> f.configured(b)));
        if (!platforms && cfg.http() == null) {
            terminal.err()
                    .println(cfg.file() + ": nothing to run: give a bot a discord or telegram section "
                            + "(see the example bots.yml), or add an http section for the OpenAI-compatible API");
            return Main.EXIT_CONFIG;
        }
        App app = new App(cfg, cfg.bots(), Clock.systemUTC());
        // health, stats and backup reach this process through it while the database file is locked
        Optional<ControlSocket> control = ControlSocket.listen(cfg.dataFolder(), Maintenance.handler(app.database()));
        CountDownLatch stopped = new CountDownLatch(1);
        CompletableFuture<Void> stopRequested = new CompletableFuture<>();
        CountDownLatch closed = new CountDownLatch(1);
        // SIGTERM and SIGINT run shutdown hooks; the hook waits until in-flight replies are finalized and the
        // database is closed, so nothing half-written is left behind.
        Thread hook = new Thread(
                () -> {
                    stopped.countDown();
                    stopRequested.complete(null);
                    // a start still connecting (an unreachable platform is retried for up to a minute) ends now
                    app.abortStart();
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "coze-bridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (!cozeAccepts(app, stopRequested)) {
                return Main.EXIT_COZE_FAILED;
            }
            if (stopped.getCount() == 0) {
                // SIGTERM while Coze was being asked: nothing has started, nothing is left to stop
                log.info("coze-bridge stopped while starting");
                return 0;
            }
            // HTTP first: it serves the webhooks the platforms are about to announce
            app.startHttp();
            app.startPlatforms();
            log.info(
                    "coze-bridge running: {}{}",
                    String.join(", ", app.plannedPlatforms()),
                    app.httpEnabled() ? " + http" : "");
            stopped.await();
            log.info("coze-bridge stopping");
            return 0;
        } catch (RuntimeException e) {
            if (stopped.getCount() == 0) {
                log.info("coze-bridge stopped while starting");
                return 0;
            }
            // One readable line on the console; the stack trace only for whoever runs at DEBUG.
            terminal.err().println("coze-bridge: could not start: " + Main.oneLine(e));
            log.debug("Start failed", e);
            return Main.EXIT_COZE_FAILED;
        } finally {
            control.ifPresent(ControlSocket::close);
            app.close();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it is waiting for `closed`, which was just released
            }
        }
    }
}
