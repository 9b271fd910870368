package dev.cozebridge.agent.coze;

import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.fakes.coze.FakeCoze;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Settings and requests shared by the client tests. */
final class CozeTestSupport {
    static final String BOT = "7429890021130403874";

    private CozeTestSupport() {}

    /** Generous timeouts, no retries, no rate limit: tests tighten what they exercise. */
    static CozeSettings settings(FakeCoze fake) {
        return new CozeSettings(
                fake.baseUrl(),
                new Secret(fake.token()),
                null,
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                0,
                0);
    }

    static CozeSettings with(CozeSettings s, Duration firstEvent, Duration idle, Duration total) {
        return new CozeSettings(
                s.baseUrl(),
                s.token(),
                s.oauth(),
                s.proxy(),
                s.connectTimeout(),
                firstEvent,
                idle,
                total,
                s.maxRetries(),
                s.requestsPerSecond());
    }

    static CozeSettings retries(CozeSettings s, int maxRetries) {
        return new CozeSettings(
                s.baseUrl(),
                s.token(),
                s.oauth(),
                s.proxy(),
                s.connectTimeout(),
                s.firstEventTimeout(),
                s.idleTimeout(),
                s.totalTimeout(),
                maxRetries,
                s.requestsPerSecond());
    }

    static CozeSettings rate(CozeSettings s, double requestsPerSecond) {
        return new CozeSettings(
                s.baseUrl(),
                s.token(),
                s.oauth(),
                s.proxy(),
                s.connectTimeout(),
                s.firstEventTimeout(),
                s.idleTimeout(),
                s.totalTimeout(),
                s.maxRetries(),
                requestsPerSecond);
    }

    static AgentRequest ask(String text) {
        return new AgentRequest(BOT, "discord:1:2", null, List.of(AgentMessage.user(text)), Map.of(), Map.of());
    }

    static AgentRequest askIn(String conversationId, String text) {
        return new AgentRequest(
                BOT, "discord:1:2", conversationId, List.of(AgentMessage.user(text)), Map.of(), Map.of());
    }
}
