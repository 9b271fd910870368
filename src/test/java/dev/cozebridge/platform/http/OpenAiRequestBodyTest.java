package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.fakes.coze.Script;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A body that is not exactly one JSON value is refused with a sentence about the request, never a parser's
 * internals; a valid body is taken whole up to the body limit, however long one of its strings is.
 */
class OpenAiRequestBodyTest {
    private static final String ASK = "{\"model\":\"helper\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final ObjectMapper json = new ObjectMapper();
    private OpenAiFixture bridge;

    @BeforeEach
    void start() {
        bridge = new OpenAiFixture().bot("helper", "7400000000000000001").start();
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    private JsonNode refused(String body) throws Exception {
        HttpResponse<String> response = bridge.post("/v1/chat/completions", "Bearer " + OpenAiFixture.KEY, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = json.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText())
                .doesNotContain("StreamReadConstraints")
                .doesNotContain("DeserializationFeature")
                .doesNotContain("Source:")
                .doesNotContain("`")
                .doesNotContain("jackson");
        return error;
    }

    @Test
    void deepNestingIsExplainedInPlainWords() throws Exception {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        JsonNode error = refused("{\"model\":\"helper\",\"x\":" + deep + "}");
        assertThat(error.path("message").asText())
                .matches("The request body nests arrays and objects more than \\d+ levels deep\\.");
        assertThat(bridge.coze.chats()).isEmpty();
    }

    @Test
    void aNumberWithThousandsOfDigitsIsExplainedInPlainWords() throws Exception {
        JsonNode error = refused("{\"model\":\"helper\",\"temperature\":" + "9".repeat(5_000) + "}");
        assertThat(error.path("message").asText()).matches("A number in the request body has more than \\d+ digits\\.");
    }

    @Test
    void trailingContentAfterTheObjectIsRefused() throws Exception {
        JsonNode garbage = refused(ASK + " trailing-garbage");
        assertThat(garbage.path("message").asText()).startsWith("The request body is not valid JSON (line 1, column");
        JsonNode second = refused(ASK + ASK);
        assertThat(second.path("message").asText())
                .isEqualTo("The request body has more after its JSON value (line 1, column " + (ASK.length() + 1)
                        + "); send exactly one JSON object.");
        assertThat(bridge.coze.chats()).isEmpty();
    }

    @Test
    void aFieldNamedTwiceInOneObjectIsRefusedNotGuessed() throws Exception {
        JsonNode twice = refused("{\"model\":\"helper\",\"model\":\"other\",\"messages\":[]}");
        assertThat(twice.path("message").asText())
                .startsWith("The request body names the field \"model\" twice in one object (line 1, column")
                .endsWith("; send each field once.");
        JsonNode nested = refused("{\"model\":\"helper\",\"messages\":[{\"role\":\"user\",\"role\":\"system\","
                + "\"content\":\"hi\"}]}");
        assertThat(nested.path("message").asText()).contains("\"role\" twice");
        assertThat(bridge.coze.chats()).isEmpty();
    }

    @Test
    void brokenJsonSaysWhereAndWhat() throws Exception {
        assertThat(refused("{\"model\":").path("message").asText())
                .isEqualTo("The request body is not valid JSON: it ends before the JSON is complete.");
        assertThat(refused("{\"model\" \"helper\"}").path("message").asText())
                .startsWith("The request body is not valid JSON (line 1, column 10): unexpected character");
    }

    @Test
    void aDataImageOverTwentyMillionCharactersIsTakenUpToTheBodyLimit() throws Exception {
        // 15,000,003 bytes are 20,000,004 base64 characters: one JSON string longer than Jackson's default cap.
        byte[] image = new byte[15_000_003];
        image[0] = (byte) 0x89;
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(image);
        assertThat(dataUrl.length()).isGreaterThan(20_000_000);
        String body = "{\"model\":\"helper\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + dataUrl + "\"}}]}]}";
        bridge.coze.enqueue(Script.answer("A very large, very dark picture."));

        HttpResponse<String> response = bridge.post("/v1/chat/completions", "Bearer " + OpenAiFixture.KEY, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body())
                        .at("/choices/0/message/content")
                        .asText())
                .isEqualTo("A very large, very dark picture.");
        assertThat(bridge.coze.uploads())
                .singleElement()
                .satisfies(u -> assertThat(u.content()).hasSize(image.length));
    }

    @Test
    void aBodyOverTheLimitIsRefusedAsTooLargeSayingSo() throws Exception {
        String body = "{\"model\":\"helper\",\"stop\":\"" + "x".repeat((int) OpenAiServer.MAX_BODY_BYTES) + "\"}";

        HttpResponse<String> response = bridge.post("/v1/chat/completions", "Bearer " + OpenAiFixture.KEY, body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json.readTree(response.body()).at("/error/message").asText())
                .isEqualTo("The request body is larger than 32 MB.");
    }
}
