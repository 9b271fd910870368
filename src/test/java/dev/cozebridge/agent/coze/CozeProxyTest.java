package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.config.CozeSettings;
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
                .proxy(new CozeSettings.ProxySettings(Proxy.Type.HTTP, fakeAddress.getHost(), fakeAddress.getPort()))
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
}
