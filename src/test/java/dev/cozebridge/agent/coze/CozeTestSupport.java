package dev.cozebridge.agent.coze;

import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.fakes.TestSettings;
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
        return TestSettings.coze(fake).build();
    }

    static CozeSettings with(CozeSettings s, Duration firstEvent, Duration idle, Duration total) {
        return TestSettings.coze(s)
                .firstEventTimeout(firstEvent)
                .idleTimeout(idle)
                .totalTimeout(total)
                .build();
    }

    static CozeSettings retries(CozeSettings s, int maxRetries) {
        return TestSettings.coze(s).maxRetries(maxRetries).build();
    }

    static CozeSettings rate(CozeSettings s, double requestsPerSecond) {
        return TestSettings.coze(s).requestsPerSecond(requestsPerSecond).build();
    }

    static AgentRequest ask(String text) {
        return new AgentRequest(BOT, "discord:1:2", null, List.of(AgentMessage.user(text)), Map.of(), Map.of());
    }

    static AgentRequest askIn(String conversationId, String text) {
        return new AgentRequest(
                BOT, "discord:1:2", conversationId, List.of(AgentMessage.user(text)), Map.of(), Map.of());
    }
}
