package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.ProxySettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.fakes.FakeProxy;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.discord.FakeDiscord;
import java.net.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code discord.proxy}: the REST API and the gateway WebSocket both go through it, and only through it. */
class DiscordProxyTest {

    private static BotSettings bot(FakeDiscord discord, String apiUrl, String gatewayUrl, ProxySettings proxy) {
        return new BotSettings(
                "helper",
                "7400000000000000001",
                null,
                Map.of(),
                false,
                BotLocale.EN,
                BotSettings.HistorySettings.DEFAULT,
                BotSettings.AccessSettings.DEFAULT,
                new BotSettings.DiscordSettings(
                        new Secret(discord.token()), apiUrl, gatewayUrl, false, Duration.ofMillis(200), proxy),
                null);
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    /** Connects, receives a mention, and answers it: every kind of traffic the adapter has. */
    private static void roundTrip(FakeDiscord discord, DiscordAdapter adapter, RecordingSink sink) {
        adapter.start(sink);
        try {
            assertThat(adapter.connected()).isTrue();
            discord.post(discord.alice(), discord.general(), discord.bot().mention() + " through the proxy?");
            await().until(() -> sink.accepted.size() == 1);
            MessageRef answer = adapter.send(sink.last().replyTarget(), "yes");
            assertThat(discord.text(answer.messageId())).contains("yes");
        } finally {
            adapter.stop();
        }
    }

    @Test
    void throughAnHttpProxyWithCredentialsRestAndGatewayUseIt() {
        try (FakeDiscord discord = FakeDiscord.start();
                FakeProxy proxy = FakeProxy.http("bridge", "proxy-secret")
                        .resolve("discord.invalid", "127.0.0.1")
                        .resolve("gateway.invalid", "127.0.0.1")) {
            // names that only the proxy can resolve: a direct connection cannot even start
            String api = "http://discord.invalid:" + port(discord.apiUrl()) + "/api/v10/";
            String gateway = "ws://gateway.invalid:" + port(discord.gatewayUrl()) + "/";
            ProxySettings settings = new ProxySettings(
                    Proxy.Type.HTTP, "127.0.0.1", proxy.port(), new Secret("bridge"), new Secret("proxy-secret"));
            RecordingSink sink = new RecordingSink();

            roundTrip(
                    discord,
                    new DiscordAdapter(bot(discord, api, gateway, settings), Clock.systemUTC(), BridgeMetrics.NOOP),
                    sink);

            assertThat(proxy.upstreams())
                    .anySatisfy(u -> {
                        assertThat(u.host()).isEqualTo("gateway.invalid");
                        assertThat(u.how()).isEqualTo("CONNECT");
                    })
                    .anySatisfy(u -> {
                        assertThat(u.host()).isEqualTo("discord.invalid");
                        assertThat(u.how()).startsWith("POST /api/v10/channels/");
                    });
            assertThat(discord.gatewayClientPorts())
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(proxy.upstreams()).anyMatch(u -> u.localPort() == p));
        }
    }

    @Test
    void throughASocks5ProxyWithCredentialsTheProxyIsGivenTheHostNames() {
        try (FakeDiscord discord = FakeDiscord.start();
                FakeProxy proxy = FakeProxy.socks5("bridge", "socks-secret")
                        .resolve("discord.invalid", "127.0.0.1")
                        .resolve("localhost", "127.0.0.1")) {
            String api = "http://discord.invalid:" + port(discord.apiUrl()) + "/api/v10/";
            // the WebSocket library looks the gateway's name up itself, so it must resolve here too
            String gateway = "ws://localhost:" + port(discord.gatewayUrl()) + "/";
            ProxySettings settings = new ProxySettings(
                    Proxy.Type.SOCKS, "127.0.0.1", proxy.port(), new Secret("bridge"), new Secret("socks-secret"));
            RecordingSink sink = new RecordingSink();

            roundTrip(
                    discord,
                    new DiscordAdapter(bot(discord, api, gateway, settings), Clock.systemUTC(), BridgeMetrics.NOOP),
                    sink);

            assertThat(proxy.upstreams())
                    .allSatisfy(u -> assertThat(u.how()).isEqualTo("SOCKS5"))
                    .anySatisfy(u -> assertThat(u.host()).isEqualTo("discord.invalid"))
                    .anySatisfy(u -> assertThat(u.host()).isEqualTo("localhost"));
            // every gateway connection the fake saw came out of the proxy
            assertThat(discord.gatewayClientPorts())
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(proxy.upstreams()).anyMatch(u -> u.localPort() == p));
            assertThat(proxy.refusals()).isEmpty();
        }
    }
}
