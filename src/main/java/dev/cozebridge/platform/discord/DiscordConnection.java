package dev.cozebridge.platform.discord;

import com.neovisionaries.ws.client.WebSocketFactory;
import dev.cozebridge.config.BotSettings.DiscordSettings;
import dev.cozebridge.config.ProxySettings;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.net.OutboundProxy;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.platform.StartupBackoff;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and connects one JDA for a bot: only the intents a text bot needs, REST and gateway URLs from
 * bots.yml, no shutdown hook (the app stops adapters itself). When Discord refuses the privileged Message
 * Content intent (close 4014) it says where to turn it on and connects without it, so mentions, DMs and
 * slash commands keep working.
 */
final class DiscordConnection {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordConnection.class);
    private static final EnumSet<GatewayIntent> INTENTS =
            EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT, GatewayIntent.DIRECT_MESSAGES);

    private final String bot;
    private final DiscordSettings settings;
    private final BridgeMetrics metrics;
    private final StartupBackoff startup;
    /** Released by {@link #abort()}: a start in progress gives up at once. */
    private final CompletableFuture<Void> aborted = new CompletableFuture<>();

    private volatile DiscordSessions sessions;

    DiscordConnection(String bot, DiscordSettings settings, BridgeMetrics metrics, StartupBackoff startup) {
        this.bot = bot;
        this.settings = Objects.requireNonNull(settings, "bot " + bot + " has no discord section");
        this.metrics = metrics;
        this.startup = startup;
    }

    /**
     * Connects and waits until the guilds are loaded, retrying an unreachable REST API or gateway with backoff
     * until the ready timeout; throws {@link PlatformException} when it cannot, or at once after {@link #abort()}.
     */
    JDA connect(List<Object> listeners) {
        long deadline = System.nanoTime() + startup.readyTimeout().toNanos();
        try {
            return connect(INTENTS, listeners, deadline);
        } catch (DisallowedIntents e) {
            LOG.warn(
                    "Discord refused the Message Content intent for bot {} (close code 4014). Turn it on in the "
                            + "Discord Developer Portal → your application → Bot → Privileged Gateway Intents → "
                            + "Message Content. Connecting without it for now: mentions, DMs and slash commands work, replies "
                            + "to the bot that do not mention it arrive without text.",
                    bot);
            EnumSet<GatewayIntent> reduced = EnumSet.copyOf(INTENTS);
            reduced.remove(GatewayIntent.MESSAGE_CONTENT);
            try {
                return connect(reduced, listeners, deadline);
            } catch (DisallowedIntents again) {
                throw PlatformException.failed("Discord refused the gateway intents of bot " + bot, again);
            }
        }
    }

    /** Makes a {@link #connect} in progress (on another thread) give up promptly; later connects fail at once. */
    void abort() {
        aborted.complete(null);
    }

    /** Ends the connect worker of the last JDA built; call after that JDA is shut down. */
    void close() {
        DiscordSessions current = sessions;
        if (current != null) {
            current.close();
        }
    }

    private static final class DisallowedIntents extends Exception {
        DisallowedIntents() {
            super("close code 4014: disallowed intents");
        }
    }

    private JDA connect(EnumSet<GatewayIntent> intents, List<Object> listeners, long deadline)
            throws DisallowedIntents {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        aborted.thenRun(() -> ready.completeExceptionally(new Aborted()));
        ListenerAdapter watcher = new ListenerAdapter() {
            @Override
            public void onReady(ReadyEvent event) {
                ready.complete(null);
            }

            @Override
            public void onShutdown(ShutdownEvent event) {
                ready.completeExceptionally(new GatewayClosed(event.getCloseCode(), event.getCode()));
            }
        };
        JDA jda = build(intents, listeners, watcher, deadline);
        try {
            ready.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            jda.removeEventListener(watcher);
            return jda;
        } catch (ExecutionException e) {
            jda.shutdownNow();
            if (e.getCause() instanceof Aborted) {
                throw cancelled();
            }
            if (e.getCause() instanceof GatewayClosed closed) {
                if (closed.closeCode == CloseCode.DISALLOWED_INTENTS) {
                    throw new DisallowedIntents();
                }
                if (closed.closeCode == CloseCode.AUTHENTICATION_FAILED) {
                    throw PlatformException.failed(
                            "Discord's gateway rejected the token of bot " + bot
                                    + "; check discord.token_env in bots.yml",
                            null);
                }
                throw PlatformException.failed(
                        "Discord's gateway closed for bot " + bot + " with code " + closed.code, null);
            }
            throw PlatformException.failed("Discord did not connect for bot " + bot, e.getCause());
        } catch (TimeoutException e) {
            jda.shutdownNow();
            DiscordSessions tried = sessions;
            String last = tried == null ? null : tried.lastFailure();
            throw PlatformException.failed(
                    "Discord did not become ready within "
                            + startup.readyTimeout().toSeconds() + " s for bot " + bot
                            + " (gateway " + gatewayUrl() + ")"
                            + (last == null ? "" : "; " + tried.attempts() + " attempt(s), last: " + last),
                    null);
        } catch (InterruptedException e) {
            jda.shutdownNow();
            Thread.currentThread().interrupt();
            throw PlatformException.failed("interrupted while connecting bot " + bot + " to Discord", e);
        }
    }

    /**
     * Builds JDA, which checks the token over REST first. An unreachable REST API is retried with backoff until
     * the deadline, one log line per attempt; a rejected token or unusable settings fail at once.
     */
    private JDA build(EnumSet<GatewayIntent> intents, List<Object> listeners, Object watcher, long deadline) {
        for (int attempt = 1; ; attempt++) {
            if (aborted.isDone()) {
                throw cancelled();
            }
            try {
                return builder(intents)
                        .addEventListeners(watcher)
                        .addEventListeners(listeners.toArray())
                        .build();
            } catch (InvalidTokenException e) {
                throw PlatformException.failed(
                        "Discord rejected the token of bot " + bot
                                + "; check discord.token_env in bots.yml (Developer Portal → Bot → Reset Token)",
                        null);
            } catch (IllegalArgumentException e) {
                throw PlatformException.failed(
                        "Discord settings of bot " + bot + " are not usable: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                sessions.close();
                long delay = startup.delayAfter(attempt).toNanos();
                String why = DiscordSessions.describe(e);
                if (System.nanoTime() + delay >= deadline) {
                    throw PlatformException.failed(
                            "Discord could not be reached at " + settings.apiUrl() + " for bot " + bot + " within "
                                    + startup.readyTimeout().toSeconds() + " s (" + attempt + " attempt(s)): " + why,
                            null);
                }
                LOG.warn(
                        "Discord API {} not reachable for bot {} (attempt {}): {}; next attempt in {} ms",
                        settings.apiUrl(),
                        bot,
                        attempt,
                        why,
                        TimeUnit.NANOSECONDS.toMillis(delay));
                try {
                    aborted.get(delay, TimeUnit.NANOSECONDS);
                    throw cancelled();
                } catch (TimeoutException waited) {
                    // next attempt
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw PlatformException.failed("interrupted while connecting bot " + bot + " to Discord", null);
                } catch (ExecutionException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
    }

    private PlatformException cancelled() {
        return PlatformException.failed("the start of bot " + bot + " on Discord was cancelled (stopping)", null);
    }

    private static final class Aborted extends RuntimeException {
        Aborted() {
            super("aborted", null, false, false);
        }
    }

    private static final class GatewayClosed extends RuntimeException {
        final CloseCode closeCode;
        final int code;

        GatewayClosed(CloseCode closeCode, int code) {
            super("gateway closed with " + code, null, false, false);
            this.closeCode = closeCode;
            this.code = code;
        }
    }

    private String gatewayUrl() {
        return settings.gatewayUrl() != null ? settings.gatewayUrl() : DiscordSettings.DEFAULT_GATEWAY_URL;
    }

    private JDABuilder builder(EnumSet<GatewayIntent> intents) {
        String api = settings.apiUrl() != null ? settings.apiUrl() : DiscordSettings.DEFAULT_API_URL;
        DiscordSessions previous = sessions;
        if (previous != null) {
            previous.close();
        }
        sessions = new DiscordSessions(bot, gatewayUrl(), startup);
        return JDABuilder.createLight(settings.token().reveal(), intents)
                .setRestConfig(new RestConfig().setBaseUrl(api))
                .setSessionController(sessions)
                .setWebsocketFactory(gatewaySockets())
                .setHttpClientBuilder(httpClient())
                .setEnableShutdownHook(false);
    }

    /**
     * The gateway's WebSocket factory: direct, or through the proxy. An HTTP proxy is asked to CONNECT (the name
     * is resolved by the proxy); through SOCKS5 the library looks the name up first but the proxy is still given
     * the name, and {@code wss://} runs TLS over the tunnel.
     */
    private WebSocketFactory gatewaySockets() {
        WebSocketFactory factory = new WebSocketFactory().setConnectionTimeout(10_000);
        ProxySettings proxy = settings.proxy();
        if (proxy == null) {
            return factory;
        }
        if (proxy.type() == java.net.Proxy.Type.HTTP) {
            com.neovisionaries.ws.client.ProxySettings via = factory.getProxySettings()
                    .setHost(proxy.host())
                    .setPort(proxy.port())
                    .setSecure(false);
            if (proxy.hasCredentials()) {
                via.setCredentials(proxy.username().reveal(), proxy.password().reveal());
            }
        } else {
            factory.setSocketFactory(OutboundProxy.socksSockets(proxy));
            factory.setSSLSocketFactory(OutboundProxy.socksTls(proxy));
        }
        return factory;
    }

    /** JDA's own defaults, through the proxy if one is set, plus a count of the 429s Discord served (JDA retries them itself). */
    private OkHttpClient.Builder httpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(25);
        return OutboundProxy.apply(new OkHttpClient.Builder(), settings.proxy())
                .connectionPool(new ConnectionPool(5, 10, TimeUnit.SECONDS))
                .dispatcher(dispatcher)
                .addNetworkInterceptor(chain -> {
                    okhttp3.Response response = chain.proceed(chain.request());
                    if (response.code() == 429) {
                        metrics.platformRateLimited(DiscordInbound.PLATFORM);
                        // no path: interaction routes carry their token in it
                        LOG.debug(
                                "Discord rate limited a {}; JDA retries after {} s",
                                chain.request().method(),
                                response.header("Retry-After"));
                    }
                    return response;
                });
    }
}
