package dev.cozebridge.platform.discord;

import dev.cozebridge.config.BotSettings.DiscordSettings;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.platform.PlatformException;
import java.time.Duration;
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
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
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
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final EnumSet<GatewayIntent> INTENTS =
            EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT, GatewayIntent.DIRECT_MESSAGES);

    private final String bot;
    private final DiscordSettings settings;
    private final BridgeMetrics metrics;
    private final Duration readyTimeout;

    DiscordConnection(String bot, DiscordSettings settings, BridgeMetrics metrics, Duration readyTimeout) {
        this.bot = bot;
        this.settings = Objects.requireNonNull(settings, "bot " + bot + " has no discord section");
        this.metrics = metrics;
        this.readyTimeout = readyTimeout;
    }

    /** Connects and waits until the guilds are loaded; throws {@link PlatformException} when it cannot. */
    JDA connect(List<Object> listeners) {
        try {
            return connect(INTENTS, listeners);
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
                return connect(reduced, listeners);
            } catch (DisallowedIntents again) {
                throw PlatformException.failed("Discord refused the gateway intents of bot " + bot, again);
            }
        }
    }

    private static final class DisallowedIntents extends Exception {
        DisallowedIntents() {
            super("close code 4014: disallowed intents");
        }
    }

    private JDA connect(EnumSet<GatewayIntent> intents, List<Object> listeners) throws DisallowedIntents {
        CompletableFuture<Void> ready = new CompletableFuture<>();
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
        JDA jda;
        try {
            jda = builder(intents)
                    .addEventListeners(watcher)
                    .addEventListeners(listeners.toArray())
                    .build();
        } catch (InvalidTokenException e) {
            throw PlatformException.failed(
                    "Discord rejected the token of bot " + bot
                            + "; check discord.token_env in bots.yml (Developer Portal → Bot → Reset Token)",
                    null);
        } catch (IllegalArgumentException e) {
            throw PlatformException.failed("Discord settings of bot " + bot + " are not usable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw PlatformException.failed(
                    "Discord could not be reached at " + settings.apiUrl() + " for bot " + bot + ": " + e.getMessage(),
                    e);
        }
        try {
            ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            jda.removeEventListener(watcher);
            return jda;
        } catch (ExecutionException e) {
            jda.shutdownNow();
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
            throw PlatformException.failed(
                    "Discord did not become ready within " + readyTimeout.toSeconds() + " s for bot " + bot
                            + " (gateway " + settings.gatewayUrl() + ")",
                    null);
        } catch (InterruptedException e) {
            jda.shutdownNow();
            Thread.currentThread().interrupt();
            throw PlatformException.failed("interrupted while connecting bot " + bot + " to Discord", e);
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

    private JDABuilder builder(EnumSet<GatewayIntent> intents) {
        String gateway = settings.gatewayUrl() != null ? settings.gatewayUrl() : DiscordSettings.DEFAULT_GATEWAY_URL;
        String api = settings.apiUrl() != null ? settings.apiUrl() : DiscordSettings.DEFAULT_API_URL;
        return JDABuilder.createLight(settings.token().reveal(), intents)
                .setRestConfig(new RestConfig().setBaseUrl(api))
                .setSessionController(new SessionControllerAdapter() {
                    @Override
                    public String getGateway() {
                        return gateway;
                    }
                })
                .setHttpClientBuilder(httpClient())
                .setEnableShutdownHook(false);
    }

    /** JDA's own defaults, plus a count of the 429s Discord served (JDA retries them itself). */
    private OkHttpClient.Builder httpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(25);
        return new OkHttpClient.Builder()
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
