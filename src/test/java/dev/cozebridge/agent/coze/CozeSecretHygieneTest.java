package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailureException;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.OAuthKeys;
import dev.cozebridge.fakes.coze.Script;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Tokens and keys never reach failures, exception messages, toString or logs. */
class CozeSecretHygieneTest {
    private static final String PAT = "pat_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private final FakeCoze fake = FakeCoze.start();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.cozebridge");

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(logs);
        fake.close();
    }

    @Test
    void noSecretLeaksFromAnyPath() {
        OAuthKeys keys = OAuthKeys.generate();
        fake.enableOAuth(keys);
        List<String> surfaces = new ArrayList<>();
        CozeSettings pat = TestSettings.coze(fake.baseUrl())
                .token(PAT)
                .firstEventTimeout(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofMillis(300))
                .totalTimeout(Duration.ofSeconds(10))
                .maxRetries(1)
                .build();
        CozeSettings oauth = TestSettings.coze(pat)
                .oauth(new CozeSettings.OAuthSettings(
                        keys.appId(), keys.keyId(), new Secret(keys.privateKeyPem()), Duration.ofSeconds(600)))
                .build();
        surfaces.add(pat.toString());
        surfaces.add(oauth.toString());
        try (CozeClient patClient = new CozeClient(pat, Clock.systemUTC());
                CozeClient oauthClient = new CozeClient(oauth, Clock.systemUTC())) {
            surfaces.add(patClient.toString());
            surfaces.add(oauthClient.toString());
            fake.enqueue(Script.jsonError(200, 5000, "x"), Script.answer("a b").stallAfter(1));
            surfaces.add(describeRun(patClient)); // the fake rejects this PAT with 4101
            surfaces.add(describeRun(patClient));
            try {
                patClient.upload("f.txt", "text/plain", new byte[] {1});
            } catch (AgentFailureException e) {
                surfaces.add(e.getMessage());
                surfaces.add(e.toString());
            }
            surfaces.add(describeRun(oauthClient)); // 5000, retried, then an idle timeout
            String minted = fake.tokenRequests().getFirst().accessToken();
            fake.revokeAccessTokens();
            surfaces.add(describeRun(oauthClient));
            assertThat(minted).isNotNull();
            logs.list.forEach(e -> surfaces.add(e.getFormattedMessage() + " " + e.getThrowableProxy()));

            String keyBody = keys.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
            for (String surface : surfaces) {
                assertThat(surface)
                        .doesNotContain(PAT)
                        .doesNotContain(keyBody)
                        .doesNotContain(minted)
                        .doesNotContain("czs_");
            }
            assertThat(surfaces).anyMatch(s -> s.contains("4101"));
        }
    }

    private static String describeRun(CozeClient client) {
        EventRecorder events = new EventRecorder();
        client.start(ask("x"), events);
        AgentEvent terminal = events.awaitTerminal(Duration.ofSeconds(10));
        return events.events() + " "
                + (terminal instanceof AgentEvent.Failed f
                        ? f.failure().describe() + Sentences.failure(f.failure().kind())
                        : "");
    }
}
