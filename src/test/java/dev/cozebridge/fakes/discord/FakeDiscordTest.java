package dev.cozebridge.fakes.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake is strict on its own: raw HTTP against it, no JDA in between. */
class FakeDiscordTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FakeDiscord discord;

    @BeforeEach
    void start() {
        discord = FakeDiscord.start(FakeDiscordSettings.defaults().withBucket(2, Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    private HttpResponse<String> call(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(discord.apiUrl() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth) {
            request.header("Authorization", "Bot " + discord.token());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rejectsAMissingTokenAndAlwaysSendsVia() throws Exception {
        HttpResponse<String> response = call("GET", "users/@me", null, false);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Via")).isPresent();
        assertThat(call("GET", "users/@me", null, true).statusCode()).isEqualTo(200);
    }

    @Test
    void enforcesTheContentLimitWithDiscordsErrorShape() throws Exception {
        String body = json.createObjectNode().put("content", "x".repeat(2001)).toString();
        HttpResponse<String> response = call("POST", "channels/" + discord.general() + "/messages", body, true);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(response.body());
        assertThat(error.path("code").asInt()).isEqualTo(50035);
        assertThat(error.path("errors")
                        .path("content")
                        .path("_errors")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("BASE_TYPE_MAX_LENGTH");
        String empty = json.createObjectNode().put("content", "").toString();
        assertThat(json.readTree(call("POST", "channels/" + discord.general() + "/messages", empty, true)
                                .body())
                        .path("code")
                        .asInt())
                .isEqualTo(50006);
    }

    @Test
    void answersExcessWithA429CarryingAnIntegerRetryAfter() throws Exception {
        String body = json.createObjectNode().put("content", "hi").toString();
        String path = "channels/" + discord.general() + "/messages";
        HttpResponse<String> first = call("POST", path, body, true);
        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).contains("1");
        assertThat(first.headers().firstValue("X-RateLimit-Bucket")).isPresent();
        assertThat(call("POST", path, body, true).headers().firstValue("X-RateLimit-Remaining"))
                .contains("0");
        HttpResponse<String> limited = call("POST", path, body, true);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
                .isPositive();
        assertThat(limited.headers().firstValue("Via")).isPresent();
        assertThat(json.readTree(limited.body()).path("retry_after").asDouble()).isPositive();
        assertThat(discord.rateLimitsServed()).isEqualTo(1);
        // another channel is another bucket
        assertThat(call("POST", "channels/" + discord.random() + "/messages", body, true)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesEditsOfOtherPeoplesMessagesAndUnknownOnes() throws Exception {
        String users = discord.post(discord.alice(), discord.general(), "mine");
        String body = json.createObjectNode().put("content", "changed").toString();
        assertThat(call("PATCH", "channels/" + discord.general() + "/messages/" + users, body, true)
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("PATCH", "channels/" + discord.general() + "/messages/1", body, true)
                        .statusCode())
                .isEqualTo(404);
        assertThat(discord.text(users)).contains("mine");
    }

    @Test
    void anInteractionCallbackAfterThreeSecondsIsUnknown() throws Exception {
        try (FakeDiscord quick = FakeDiscord.start(new FakeDiscordSettings(
                "t", 5, Duration.ofSeconds(5), Duration.ofMillis(100), true, Duration.ofSeconds(40)))) {
            String id = quick.slash(quick.alice(), quick.general(), "help", Map.of());
            long created = System.nanoTime();
            await().until(() ->
                    System.nanoTime() - created > Duration.ofMillis(150).toNanos());
            HttpResponse<String> late = http.send(
                    HttpRequest.newBuilder(URI.create(quick.apiUrl() + "interactions/" + id + "/"
                                    + quick.interactionToken(id) + "/callback"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":5}"))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(late.statusCode()).isEqualTo(404);
            assertThat(json.readTree(late.body()).path("code").asInt()).isEqualTo(10062);
            HttpResponse<String> forged = http.send(
                    HttpRequest.newBuilder(URI.create(quick.apiUrl() + "interactions/" + id + "/forged/callback"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":5}"))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void injectedResetsAndServerErrorsHitMessageWritesUnhandledAndADeletedMessageIsUnknown() throws Exception {
        String body = json.createObjectNode().put("content", "hello").toString();
        String messages = "channels/" + discord.general() + "/messages";
        discord.injectResets(1);
        discord.injectServerErrors(1);
        assertThat(call("GET", "users/@me", null, true).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> call("POST", messages, body, true)).isInstanceOf(java.io.IOException.class);
        HttpResponse<String> failed = call("POST", messages, body, true);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(json.readTree(failed.body()).path("message").asText()).isEqualTo("500: Internal Server Error");
        assertThat(discord.botMessages(discord.general())).isEmpty();
        String id = json.readTree(call("POST", messages, body, true).body())
                .path("id")
                .asText();
        assertThat(discord.faults().resetsServed()).isEqualTo(1);
        assertThat(discord.faults().serverErrorsServed()).isEqualTo(1);

        discord.deleteMessage(id);
        HttpResponse<String> edit = call("PATCH", messages + "/" + id, body, true);
        assertThat(edit.statusCode()).isEqualTo(404);
        assertThat(json.readTree(edit.body()).path("code").asInt()).isEqualTo(10008);
    }
}
