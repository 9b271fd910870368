package dev.cozebridge.app;

import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.HttpSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Exit 0 when the `run` of this configuration is alive: GET /healthz when the http section is "
                + "configured, else through its control socket. For container health checks and monitoring.")
final class HealthCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Set<String> ANY_ADDRESS = Set.of("0.0.0.0", "::", "[::]", "");

    private final Main.Terminal terminal;

    @Mixin
    ConfigOption config;

    HealthCommand(Main.Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        Optional<BridgeConfig> loaded = config.load(terminal.environment(), terminal.err());
        if (loaded.isEmpty()) {
            return Main.EXIT_CONFIG;
        }
        BridgeConfig cfg = loaded.get();
        return cfg.http() != null ? overHttp(cfg.http()) : overSocket(cfg.dataFolder());
    }

    private int overHttp(HttpSettings http) throws InterruptedException {
        String host = ANY_ADDRESS.contains(http.host()) ? "127.0.0.1" : http.host();
        URI uri =
                URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port() + "/healthz");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                terminal.out().println("ok (" + uri + ")");
                return 0;
            }
            terminal.err().println("coze-bridge: " + uri + " answered " + response.statusCode());
        } catch (IOException e) {
            terminal.err()
                    .println("coze-bridge: " + uri + " does not answer ("
                            + e.getClass().getSimpleName() + ")");
        }
        return 1;
    }

    private int overSocket(Path dataFolder) {
        Path socket = ControlSocket.path(dataFolder);
        Optional<ControlSocket.Answer> answer = ControlSocket.ask(socket, "health");
        if (answer.isEmpty()) {
            terminal.err().println("coze-bridge: not running (nothing answers on " + socket + ")");
            return 1;
        }
        if (!answer.get().ok()) {
            terminal.err()
                    .println("coze-bridge: unhealthy: "
                            + String.join(" ", answer.get().lines()));
            return 1;
        }
        terminal.out().println("ok (" + socket + ")");
        return 0;
    }
}
