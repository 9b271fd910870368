package dev.cozebridge.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.PlatformLimits;
import dev.cozebridge.platform.PlatformMarkup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiHealthTest {
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean database = new AtomicBoolean(true);
    private final ConnectionFlag discord = new ConnectionFlag("discord", "helper");
    private final ConnectionFlag telegram = new ConnectionFlag("telegram", "helper");
    private OpenAiFixture bridge;

    @AfterEach
    void stop() {
        bridge.close();
    }

    private void start() {
        bridge = new OpenAiFixture().bot("helper", "7400000000000000001")
                .readiness(new Readiness(database::get, List.of(discord, telegram))).start();
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
        discord.connected.set(true);
        telegram.connected.set(true);
        start();

        HttpResponse<String> ready = bridge.get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ready.body()).get("status").asText()).isEqualTo("ready");

        telegram.connected.set(false);
        HttpResponse<String> platformDown = bridge.get("/readyz");
        assertThat(platformDown.statusCode()).isEqualTo(503);
        JsonNode body = json.readTree(platformDown.body());
        assertThat(body.get("status").asText()).isEqualTo("not ready");
        assertThat(body.get("not_ready")).containsExactly(json.getNodeFactory().textNode("telegram:helper"));
        assertThat(body.at("/platforms/0/connected").asBoolean()).isTrue();
        assertThat(body.at("/platforms/1/connected").asBoolean()).isFalse();

        telegram.connected.set(true);
        database.set(false);
        HttpResponse<String> databaseDown = bridge.get("/readyz");
        assertThat(databaseDown.statusCode()).isEqualTo(503);
        assertThat(json.readTree(databaseDown.body()).get("database").asText()).isEqualTo("down");
        assertThat(json.readTree(databaseDown.body()).get("not_ready").toString()).isEqualTo("[\"database\"]");
    }

    @Test
    void aThrowingDatabasePingIsNotReady() throws Exception {
        bridge = new OpenAiFixture().bot("helper", "7400000000000000001")
                .readiness(new Readiness(() -> {
                    throw new IllegalStateException("database closed");
                }, List.of())).start();

        assertThat(bridge.get("/readyz").statusCode()).isEqualTo(503);
    }

    @Test
    void servesPrometheusTextWithoutAKey() throws Exception {
        start();
        HttpResponse<String> metrics = bridge.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void answersUnknownPathsInOpenAiErrorFormat() throws Exception {
        start();
        HttpResponse<String> missing = bridge.post("/v1/embeddings", "Bearer " + OpenAiFixture.KEY, "{}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).at("/error/message").asText()).contains("POST /v1/embeddings");
    }

    /** Only {@link #connected()} matters to readiness; the flag stands for the platform session state. */
    private static final class ConnectionFlag implements PlatformAdapter {
        final AtomicBoolean connected = new AtomicBoolean();
        private final String platform;
        private final String bot;

        ConnectionFlag(String platform, String bot) {
            this.platform = platform;
            this.bot = bot;
        }

        @Override
        public String platform() {
            return platform;
        }

        @Override
        public String bot() {
            return bot;
        }

        @Override
        public PlatformLimits limits() {
            throw new UnsupportedOperationException("readiness reads connected() only");
        }

        @Override
        public PlatformMarkup markup() {
            throw new UnsupportedOperationException("readiness reads connected() only");
        }

        @Override
        public void start(InboundSink sink) {
            throw new UnsupportedOperationException("readiness reads connected() only");
        }

        @Override
        public void stop() {
        }

        @Override
        public MessageRef send(ReplyTarget target, String markdown) {
            throw new UnsupportedOperationException("readiness reads connected() only");
        }

        @Override
        public void edit(MessageRef message, String markdown) {
            throw new UnsupportedOperationException("readiness reads connected() only");
        }

        @Override
        public boolean connected() {
            return connected.get();
        }
    }
}
