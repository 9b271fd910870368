package dev.cozebridge.fakes.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Components, embeds and button interactions as the fake checks them, spoken to with raw HTTP. */
class FakeDiscordComponentsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FakeDiscord discord;

    @BeforeEach
    void start() {
        discord = FakeDiscord.start(FakeDiscordSettings.defaults()
                .withBucket(50, Duration.ofSeconds(1))
                .withInteractionDeadline(Duration.ofMillis(300)));
    }

    @AfterEach
    void stop() {
        discord.close();
    }

    private HttpResponse<String> call(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(discord.apiUrl() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth) {
            request.header("Authorization", "Bot " + discord.token());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ObjectNode message(int buttons, String label, String customIdPrefix) {
        ObjectNode body = json.createObjectNode().put("content", "pick one");
        ArrayNode row = body.putArray("components").addObject().put("type", 1).putArray("components");
        for (int i = 0; i < buttons; i++) {
            row.addObject().put("type", 2).put("style", 2).put("label", label).put("custom_id", customIdPrefix + i);
        }
        return body;
    }

    private JsonNode send(JsonNode body) throws Exception {
        return json.readTree(call("POST", "channels/" + discord.general() + "/messages", body.toString(), true)
                .body());
    }

    @Test
    void actionRowsAreCheckedAsDiscordChecksThem() throws Exception {
        assertThat(send(message(6, "Go", "b"))
                        .at("/errors/components/0/components/_errors/0/code")
                        .asText())
                .isEqualTo("BASE_TYPE_BAD_LENGTH");
        assertThat(send(message(1, "x".repeat(81), "b"))
                        .at("/errors/components/0/components/0/label/_errors/0/code")
                        .asText())
                .isEqualTo("BASE_TYPE_MAX_LENGTH");
        assertThat(send(message(1, "Go", "b".repeat(100))).path("code").asInt()).isEqualTo(50035);
        ObjectNode duplicated = message(2, "Go", "same");
        ((ObjectNode) duplicated.at("/components/0/components/1")).put("custom_id", "same0");
        assertThat(send(duplicated)
                        .at("/errors/components/0/components/1/custom_id/_errors/0/code")
                        .asText())
                .isEqualTo("COMPONENT_CUSTOM_ID_DUPLICATED");

        JsonNode ok = send(message(2, "Go", "fu:"));
        assertThat(ok.at("/components/0/components/1/custom_id").asText()).isEqualTo("fu:1");
        assertThat(discord.buttons(ok.path("id").asText())).containsExactly("fu:0", "fu:1");
    }

    @Test
    void embedImagesNeedAWellFormedUrl() throws Exception {
        ObjectNode bad = json.createObjectNode();
        bad.putArray("embeds").addObject().putObject("image").put("url", "https:///nohost.png");
        assertThat(send(bad).at("/errors/embeds/0/image/url/_errors/0/code").asText())
                .isEqualTo("URL_TYPE_INVALID_URL");
        ObjectNode good = json.createObjectNode();
        good.putArray("embeds").addObject().putObject("image").put("url", "https://cdn.example.com/cat.png");
        JsonNode sent = send(good);
        assertThat(discord.embedImages(sent.path("id").asText())).containsExactly("https://cdn.example.com/cat.png");
        assertThat(sent.at("/embeds/0/type").asText()).isEqualTo("rich");
    }

    @Test
    void aPressIsATypeThreeInteractionThatMustBeAcknowledgedInTime() throws Exception {
        String id = send(message(1, "Go", "fu:")).path("id").asText();
        assertThatThrownBy(() -> discord.press(discord.alice(), id, "other"))
                .isInstanceOf(IllegalArgumentException.class);

        String press = discord.press(discord.alice(), id, "fu:0");
        String token = discord.interactionToken(press);
        String callback = "interactions/" + press + "/" + token + "/callback";
        assertThat(call("POST", callback, "{\"type\":6}", false).statusCode()).isEqualTo(204);
        assertThat(discord.callbackType(press)).isEqualTo(6);
        assertThat(json.readTree(call("POST", callback, "{\"type\":6}", false).body())
                        .path("code")
                        .asInt())
                .isEqualTo(40060);

        String late = discord.press(discord.bob(), id, "fu:0");
        String lateCallback = "interactions/" + late + "/" + discord.interactionToken(late) + "/callback";
        long pressed = System.nanoTime();
        await().until(() -> System.nanoTime() - pressed > Duration.ofMillis(400).toNanos());
        assertThat(json.readTree(call("POST", lateCallback, "{\"type\":6}", false)
                                .body())
                        .path("code")
                        .asInt())
                .isEqualTo(10062);
    }

    @Test
    void aSlashCommandCannotBeAnsweredWithADeferredUpdate() throws Exception {
        String slash = discord.slash(discord.alice(), discord.general(), "help", java.util.Map.of());
        String callback = "interactions/" + slash + "/" + discord.interactionToken(slash) + "/callback";
        assertThat(json.readTree(call("POST", callback, "{\"type\":6}", false).body())
                        .path("code")
                        .asInt())
                .isEqualTo(40043);
    }
}
