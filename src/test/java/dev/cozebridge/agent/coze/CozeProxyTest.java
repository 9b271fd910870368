package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.ProxySettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.fakes.FakeProxy;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import java.net.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CozeProxyTest {
    private final FakeCoze fake = FakeCoze.start();

    @AfterEach
    void tearDown() {
        fake.close();
    }

    @Test
    void sendsEverythingThroughTheConfiguredHttpProxy() {
        // an unresolvable API host: only a client that really uses the proxy can get an answer
        URI fakeAddress = URI.create(fake.baseUrl());
        CozeSettings settings = TestSettings.coze(fake)
                .baseUrl("http://api.coze.invalid")
                .proxy(new ProxySettings(Proxy.Type.HTTP, fakeAddress.getHost(), fakeAddress.getPort()))
                .totalTimeout(Duration.ofSeconds(20))
                .build();
        try (CozeClient client = new CozeClient(settings, Clock.systemUTC())) {
            EventRecorder events = new EventRecorder();
            client.start(ask("through the proxy"), events);

            assertThat(events.awaitTerminal(Duration.ofSeconds(10))).isEqualTo(new AgentEvent.Finished());
            assertThat(events.deltaText()).isEqualTo("You said: through the proxy");
            assertThat(fake.requests().getFirst().target()).isEqualTo("http://api.coze.invalid/v3/chat");
        }
    }

    @Test
    void sendsEverythingThroughASocks5ProxyWithCredentialsThatResolvesTheName() {
        URI fakeAddress = URI.create(fake.baseUrl());
        try (FakeProxy proxy = FakeProxy.socks5("bridge", "socks-secret").resolve("api.coze.invalid", "127.0.0.1")) {
            CozeSettings settings = TestSettings.coze(fake)
                    .baseUrl("http://api.coze.invalid:" + fakeAddress.getPort())
                    .proxy(new ProxySettings(
                            Proxy.Type.SOCKS,
                            "127.0.0.1",
                            proxy.port(),
                            new Secret("bridge"),
                            new Secret("socks-secret")))
                    .totalTimeout(Duration.ofSeconds(20))
                    .build();
            try (CozeClient client = new CozeClient(settings, Clock.systemUTC())) {
                EventRecorder events = new EventRecorder();
                client.start(ask("through socks"), events);

                assertThat(events.awaitTerminal(Duration.ofSeconds(10))).isEqualTo(new AgentEvent.Finished());
                assertThat(events.deltaText()).isEqualTo("You said: through socks");
            }
            assertThat(proxy.upstreams()).singleElement().satisfies(u -> {
                assertThat(u.host()).isEqualTo("api.coze.invalid");
                assertThat(u.how()).isEqualTo("SOCKS5");
            });
        }
    }
}
