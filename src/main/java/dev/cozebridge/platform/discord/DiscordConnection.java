package dev.cozebridge.platform.discord;

import dev.cozebridge.config.BotSettings.DiscordSettings;
import dev.cozebridge.config.BotSettings.ShardSettings;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.platform.PlatformException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.ShutdownEvent;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
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

    /**
     * Connects and waits until every shard of this instance has loaded its guilds; throws
     * {@link PlatformException} when it cannot.
     */
    DiscordShards connect(List<Object> listeners) {
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

    private DiscordShards connect(EnumSet<GatewayIntent> intents, List<Object> listeners) throws DisallowedIntents {
        ReadyWatcher watcher = new ReadyWatcher();
        ShardedSessions sessions = new ShardedSessions(bot, gatewayUrl());
        ShardManager manager;
        try {
            manager = builder(intents, sessions)
                    .addEventListeners(watcher)
                    .addEventListeners(listeners.toArray())
                    .build(false);
        } catch (IllegalArgumentException e) {
            sessions.close();
            throw PlatformException.failed("Discord settings of bot " + bot + " are not usable: " + e.getMessage(), e);
        }
        DiscordShards shards;
        try {
            manager.login();
            ShardSettings configured = settings.shards();
            // without discord.shards, login asked GET /gateway/bot for the total and queued every shard
            List<Integer> ids = configured != null
                    ? configured.ids()
                    : IntStream.range(0, manager.getShardsTotal()).boxed().toList();
            shards = new DiscordShards(manager, sessions, ids, manager.getShardsTotal());
            watcher.expect(shards);
        } catch (InvalidTokenException e) {
            manager.shutdown();
            sessions.close();
            throw PlatformException.failed(
                    "Discord rejected the token of bot " + bot
                            + "; check discord.token_env in bots.yml (Developer Portal → Bot → Reset Token)",
                    null);
        } catch (IllegalArgumentException e) {
            manager.shutdown();
            sessions.close();
            throw PlatformException.failed("Discord settings of bot " + bot + " are not usable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            manager.shutdown();
            sessions.close();
            throw PlatformException.failed(
                    "Discord could not be reached at " + settings.apiUrl() + " for bot " + bot + ": " + e.getMessage(),
                    e);
        }
        try {
            watcher.ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            manager.removeEventListener(watcher);
            return shards;
        } catch (ExecutionException e) {
            shards.shutdownNow();
            if (e.getCause() instanceof GatewayClosed closed) {
                throw closed(closed, shards);
            }
            throw PlatformException.failed("Discord did not connect for bot " + bot, e.getCause());
        } catch (TimeoutException e) {
            shards.shutdownNow();
            throw PlatformException.failed(
                    "Discord did not become ready within " + readyTimeout.toSeconds() + " s for bot " + bot
                            + " (gateway " + gatewayUrl() + "; shards ready: " + watcher.readyIds()
                            + " of " + shards.ids() + ")",
                    null);
        } catch (InterruptedException e) {
            shards.shutdownNow();
            Thread.currentThread().interrupt();
            throw PlatformException.failed("interrupted while connecting bot " + bot + " to Discord", e);
        }
    }

    /** A shard the gateway closed for good during start-up, in words that say what to change. */
    private PlatformException closed(GatewayClosed closed, DiscordShards shards) throws DisallowedIntents {
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
     * Completes {@link #ready} once every shard of this instance sent READY (its guilds loaded), or exceptionally
     * when one is shut down first. READY may come before the shard ids are known, so both sides check.
     */
    private final class ReadyWatcher extends ListenerAdapter {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final Set<Integer> readyIds = ConcurrentHashMap.newKeySet();
        private volatile DiscordShards expected;

        void expect(DiscordShards shards) {
            expected = shards;
            check();
        }

        Set<Integer> readyIds() {
            return new TreeSet<>(readyIds);
        }

        @Override
        public void onReady(ReadyEvent event) {
            JDA.ShardInfo shard = event.getJDA().getShardInfo();
            LOG.info(
                    "Discord bot {}: shard {} of {} ready with {} guild(s)",
                    bot,
                    shard.getShardId(),
                    shard.getShardTotal(),
                    event.getGuildTotalCount());
            readyIds.add(shard.getShardId());
            check();
        }

        @Override
        public void onShutdown(ShutdownEvent event) {
            ready.completeExceptionally(new GatewayClosed(
                    event.getJDA().getShardInfo().getShardId(), event.getCloseCode(), event.getCode()));
        }

        private void check() {
            DiscordShards shards = expected;
            if (shards != null && readyIds.containsAll(shards.ids())) {
                ready.complete(null);
            }
        }
    }

    private static final class GatewayClosed extends RuntimeException {
        final int shardId;
        final CloseCode closeCode;
        final int code;

        GatewayClosed(int shardId, CloseCode closeCode, int code) {
            super("gateway closed shard " + shardId + " with " + code, null, false, false);
            this.shardId = shardId;
            this.closeCode = closeCode;
            this.code = code;
        }
    }

    /**
     * Always an explicit total when {@code discord.shards} is set: with JDA's default ({@code -1}) it asks
     * {@code GET /gateway/bot} and then ignores the shard ids, so every instance would run every shard.
     */
    private DefaultShardManagerBuilder builder(EnumSet<GatewayIntent> intents, ShardedSessions sessions) {
        String api = settings.apiUrl() != null ? settings.apiUrl() : DiscordSettings.DEFAULT_API_URL;
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(
                        settings.token().reveal(), intents)
                .setRestConfig(new RestConfig().setBaseUrl(api))
                .setSessionController(sessions)
                .setHttpClientBuilder(httpClient())
                .setThreadFactory(Thread.ofPlatform()
                        .daemon()
                        .name("discord-" + bot + "-shards")
                        .factory())
                .setEnableShutdownHook(false);
        ShardSettings shards = settings.shards();
        if (shards != null) {
            builder.setShardsTotal(shards.total()).setShards(shards.ids());
        } else {
            builder.setShardsTotal(-1);
        }
        return builder;
    }

    private String gatewayUrl() {
        return settings.gatewayUrl() != null ? settings.gatewayUrl() : DiscordSettings.DEFAULT_GATEWAY_URL;
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
