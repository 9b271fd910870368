package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.platform.ButtonPress;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.PlatformLimits;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiHealthTest {
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean database = new AtomicBoolean(true);
    // Connected between start() and stop(), like a real adapter's session.
    private final RecordingPlatform discord = platform("discord");
    private final RecordingPlatform telegram = platform("telegram");
    private OpenAiFixture bridge;

    private static final InboundSink IGNORE = new InboundSink() {
        @Override
        public Acceptance accept(InboundMessage message) {
            return Acceptance.DENIED;
        }

        @Override
        public String reset(ConversationKey key, Author by) {
            return "";
        }

        @Override
        public String help(String bot, BridgeCommands.Surface surface) {
            return "";
        }

        @Override
        public void respond(ConversationKey key, ReplyTarget target, String markdown) {}

        @Override
        public boolean allowed(String bot, Author author, List<String> places) {
            return false;
        }

        @Override
        public StopOutcome stop(ConversationKey key, Author by, BooleanSupplier moderator) {
            return StopOutcome.NOTHING_RUNNING;
        }

        @Override
        public void press(ButtonPress press) {}

        @Override
        public boolean welcome(ConversationKey key, ReplyTarget target, Author author, boolean onlyIfNew) {
            return false;
        }

        @Override
        public BotProfile profile(String bot) {
            return BotProfile.NONE;
        }
    };

    private static RecordingPlatform platform(String kind) {
        return new RecordingPlatform(
                "helper", kind, new PlatformLimits(2000, Duration.ZERO, Duration.ZERO, null), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    private void start() {
        bridge = new OpenAiFixture()
                .bot("helper", "7400000000000000001")
                .readiness(new Readiness(database::get, List.of(discord, telegram)))
                .start();
    }

    @Test
    void isAliveWithoutAKey() throws Exception {
        start();
        HttpResponse<String> health = bridge.get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void isReadyOnlyWhenTheDatabaseAnswersAndEveryPlatformIsConnected() throws Exception {
        discord.start(IGNORE);
        telegram.start(IGNORE);
        start();

        HttpResponse<String> ready = bridge.get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ready.body()).get("status").asText()).isEqualTo("ready");

        telegram.stop();
        HttpResponse<String> platformDown = bridge.get("/readyz");
        assertThat(platformDown.statusCode()).isEqualTo(503);
        JsonNode body = json.readTree(platformDown.body());
        assertThat(body.get("status").asText()).isEqualTo("not ready");
        assertThat(body.get("not_ready")).containsExactly(json.getNodeFactory().textNode("telegram:helper"));
        assertThat(body.at("/platforms/0/connected").asBoolean()).isTrue();
        assertThat(body.at("/platforms/1/connected").asBoolean()).isFalse();

        telegram.start(IGNORE);
        database.set(false);
        HttpResponse<String> databaseDown = bridge.get("/readyz");
        assertThat(databaseDown.statusCode()).isEqualTo(503);
        assertThat(json.readTree(databaseDown.body()).get("database").asText()).isEqualTo("down");
        assertThat(json.readTree(databaseDown.body()).get("not_ready").toString())
                .isEqualTo("[\"database\"]");
    }

    @Test
    void aThrowingDatabasePingIsNotReady() throws Exception {
        bridge = new OpenAiFixture()
                .bot("helper", "7400000000000000001")
                .readiness(new Readiness(
                        () -> {
                            throw new IllegalStateException("database closed");
                        },
                        List.of()))
                .start();

        assertThat(bridge.get("/readyz").statusCode()).isEqualTo(503);
    }

    @Test
    void servesPrometheusTextWithoutAKey() throws Exception {
        start();
        HttpResponse<String> metrics = bridge.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void answersUnknownPathsInOpenAiErrorFormat() throws Exception {
        start();
        HttpResponse<String> missing = bridge.post("/v1/embeddings", "Bearer " + OpenAiFixture.KEY, "{}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).at("/error/message").asText()).contains("POST /v1/embeddings");
    }
}
