package dev.cozebridge.platform.discord;

import com.neovisionaries.ws.client.WebSocketFactory;
import dev.cozebridge.config.BotSettings.DiscordSettings;
import dev.cozebridge.config.BotSettings.ShardSettings;
import dev.cozebridge.config.ProxySettings;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.net.OutboundProxy;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.platform.StartupBackoff;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.requests.CloseCode;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and connects a bot's gateway shards with JDA's shard manager: the shards of {@code discord.shards}, or
 * every shard {@code GET /gateway/bot} recommends; only the intents a text bot needs, REST and gateway URLs from
 * bots.yml, no shutdown hook (the app stops adapters itself). One shard is a shard manager with one shard, so a
 * single code path serves one instance and many. When Discord refuses the privileged Message Content intent
 * (close 4014) it says where to turn it on and connects without it, so mentions, DMs and slash commands keep
 * working.
 */
final class DiscordConnection {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordConnection.class);
    private static final EnumSet<GatewayIntent> INTENTS =
            EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT, GatewayIntent.DIRECT_MESSAGES);

    private final String bot;
    private final DiscordSettings settings;
    private final BridgeMetrics metrics;
    private final DiscordGlobalGate gate;
    private final StartupBackoff startup;
    /** Released by {@link #abort()}: a start in progress gives up at once. */
    private final CompletableFuture<Void> aborted = new CompletableFuture<>();

    private volatile DiscordSessions sessions;
    /**
     * The HTTP dispatchers made while {@link #connect} runs: {@link #abort()} cancels their calls, so a REST call
     * that hangs (Discord accepting the connection but never answering) does not hold a SIGTERM for its read
     * timeout. Null outside a connect, so a normal stop never cancels the finishing edits of a running bot.
     */
    private volatile Set<Dispatcher> connecting;

    /** @param gate the bot's share of Discord's global limit, for every request of this connection */
    DiscordConnection(
            String bot,
            DiscordSettings settings,
            BridgeMetrics metrics,
            StartupBackoff startup,
            DiscordGlobalGate gate) {
        this.gate = gate;
        this.bot = bot;
        this.settings = Objects.requireNonNull(settings, "bot " + bot + " has no discord section");
        this.metrics = metrics;
        this.startup = startup;
    }

    /**
     * Connects and waits until every shard of this instance has loaded its guilds, retrying an unreachable REST
     * API or gateway with backoff until the ready timeout; throws {@link PlatformException} when it cannot, or at
     * once after {@link #abort()}.
     */
    DiscordShards connect(List<Object> listeners) {
        connecting = ConcurrentHashMap.newKeySet();
        try {
            return connectWithIntents(listeners);
        } finally {
            connecting = null;
        }
    }

    private DiscordShards connectWithIntents(List<Object> listeners) {
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
        Set<Dispatcher> calls = connecting;
        if (calls != null) {
            calls.forEach(Dispatcher::cancelAll);
        }
    }

    /** Ends the connect worker of the last shards built; call after they are shut down. */
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

    private DiscordShards connect(EnumSet<GatewayIntent> intents, List<Object> listeners, long deadline)
            throws DisallowedIntents {
        ShardsReady watcher = new ShardsReady(bot);
        aborted.thenRun(() -> watcher.ready.completeExceptionally(new Aborted()));
        DiscordShards shards = build(intents, listeners, watcher, deadline);
        try {
            watcher.ready.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            shards.removeListener(watcher);
            return shards;
        } catch (ExecutionException e) {
            shards.shutdownNow();
            if (e.getCause() instanceof Aborted) {
                throw cancelled();
            }
            if (e.getCause() instanceof ShardsReady.GatewayClosed closed) {
                throw closed(closed, shards);
            }
            throw PlatformException.failed("Discord did not connect for bot " + bot, e.getCause());
        } catch (TimeoutException e) {
            shards.shutdownNow();
            DiscordSessions tried = sessions;
            String last = tried == null ? null : tried.lastFailure();
            throw PlatformException.failed(
                    "Discord did not become ready within "
                            + startup.readyTimeout().toSeconds() + " s for bot " + bot
                            + " (gateway " + gatewayUrl() + "; shards ready: " + watcher.readyIds() + " of "
                            + shards.ids() + ")"
                            + (last == null ? "" : "; " + tried.attempts() + " attempt(s), last: " + last),
                    null);
        } catch (InterruptedException e) {
            shards.shutdownNow();
            Thread.currentThread().interrupt();
            throw PlatformException.failed("interrupted while connecting bot " + bot + " to Discord", e);
        }
    }

    /** A shard the gateway closed for good during start-up, in words that say what to change. */
    private PlatformException closed(ShardsReady.GatewayClosed closed, DiscordShards shards) throws DisallowedIntents {
        String shard = "shard " + closed.shardId + " of " + shards.total();
        if (closed.closeCode == CloseCode.DISALLOWED_INTENTS) {
            throw new DisallowedIntents();
        }
        if (closed.closeCode == CloseCode.AUTHENTICATION_FAILED) {
            return PlatformException.failed(
                    "Discord's gateway rejected the token of bot " + bot + "; check discord.token_env in bots.yml",
                    null);
        }
        if (closed.closeCode == CloseCode.INVALID_SHARD) {
            return PlatformException.failed(
                    "Discord's gateway refused " + shard + " of bot " + bot + " (close code 4010, invalid shard): "
                            + "every instance must name the same discord.shards.total, and an instance with another "
                            + "total is still connected",
                    null);
        }
        if (closed.closeCode == CloseCode.SHARDING_REQUIRED) {
            return PlatformException.failed(
                    "Discord requires more shards for bot " + bot + " than " + shards.total() + " (close code 4011): "
                            + "raise discord.shards.total in every instance, or remove discord.shards to run what "
                            + "Discord recommends",
                    null);
        }
        return PlatformException.failed(
                "Discord's gateway closed " + shard + " of bot " + bot + " with code " + closed.code, null);
    }

    /**
     * Builds the shard manager and logs in: without {@code discord.shards} it first asks {@code GET /gateway/bot}
     * how many shards to run (which checks the token); the manager then asks it for the start limit and builds the
     * first shard, and the others follow on its own thread. An unreachable REST API is retried with backoff until
     * the deadline, one log line per attempt; a rejected token or unusable settings fail at once.
     */
    private DiscordShards build(
            EnumSet<GatewayIntent> intents, List<Object> listeners, ShardsReady watcher, long deadline) {
        for (int attempt = 1; ; attempt++) {
            if (aborted.isDone()) {
                throw cancelled();
            }
            ShardManager manager = null;
            try {
                ShardSettings configured = settings.shards();
                int total = configured != null ? configured.total() : recommendedShards();
                List<Integer> ids = configured != null
                        ? configured.ids()
                        : IntStream.range(0, total).boxed().toList();
                manager = builder(intents, total, ids)
                        .addEventListeners(watcher)
                        .addEventListeners(listeners.toArray())
                        .build(false);
                manager.login();
                DiscordShards shards = new DiscordShards(manager, sessions, ids, total);
                watcher.expect(shards);
                return shards;
            } catch (InvalidTokenException e) {
                abandon(manager);
                throw PlatformException.failed(
                        "Discord rejected the token of bot " + bot
                                + "; check discord.token_env in bots.yml (Developer Portal → Bot → Reset Token)",
                        null);
            } catch (IllegalArgumentException e) {
                abandon(manager);
                throw PlatformException.failed(
                        "Discord settings of bot " + bot + " are not usable: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                abandon(manager);
                if (aborted.isDone()) {
                    // the failure is the cancelled call of abort(), not Discord's
                    throw cancelled();
                }
                long delay = startup.waitNanos(attempt, System.nanoTime(), deadline);
                String why = DiscordSessions.describe(e);
                if (delay < 0) {
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

    /** A login that failed: JDA has shut its first shard down already; the manager's thread and ours go too. */
    private void abandon(ShardManager manager) {
        if (manager != null) {
            manager.shutdown();
        }
        DiscordSessions current = sessions;
        if (current != null) {
            current.close();
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

    private String gatewayUrl() {
        return settings.gatewayUrl() != null ? settings.gatewayUrl() : DiscordSettings.DEFAULT_GATEWAY_URL;
    }

    private int recommendedShards() {
        OkHttpClient http = httpClient().build();
        try {
            return GatewayBot.recommendedShards(http, apiUrl(), settings.token().reveal());
        } finally {
            http.connectionPool().evictAll();
        }
    }

    private String apiUrl() {
        return settings.apiUrl() != null ? settings.apiUrl() : DiscordSettings.DEFAULT_API_URL;
    }

    /**
     * Always an explicit total: with JDA's default ({@code -1}) it would ask {@code GET /gateway/bot} itself and
     * then ignore the shard ids, so every instance would run every shard.
     */
    private DefaultShardManagerBuilder builder(EnumSet<GatewayIntent> intents, int total, List<Integer> ids) {
        DiscordSessions previous = sessions;
        if (previous != null) {
            previous.close();
        }
        sessions = new DiscordSessions(bot, gatewayUrl(), startup);
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(
                        settings.token().reveal(), intents)
                .setRestConfig(new RestConfig().setBaseUrl(apiUrl()))
                .setSessionController(sessions)
                .setWebsocketFactory(gatewaySockets())
                .setHttpClientBuilder(httpClient())
                .setThreadFactory(Thread.ofPlatform()
                        .daemon()
                        .name("discord-" + bot + "-shards")
                        .factory())
                .setEnableShutdownHook(false)
                .setShardsTotal(total)
                .setShards(ids);
        return builder;
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

    /**
     * JDA's own defaults, through the proxy if one is set, every request through the global budget, plus a count of
     * the 429s Discord served (JDA retries them itself).
     */
    private OkHttpClient.Builder httpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(25);
        Set<Dispatcher> calls = connecting;
        if (calls != null) {
            calls.add(dispatcher);
        }
        return OutboundProxy.apply(new OkHttpClient.Builder(), settings.proxy())
                .connectionPool(new ConnectionPool(5, 10, TimeUnit.SECONDS))
                .dispatcher(dispatcher)
                .addInterceptor(gate)
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
