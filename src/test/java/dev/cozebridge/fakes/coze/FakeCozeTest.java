package dev.cozebridge.fakes.coze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake is strict: it rejects what Coze rejects, the way Coze does, with a log id on every response. */
class FakeCozeTest {
    private final FakeCoze fake = FakeCoze.start();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private HttpResponse<String> chat(String query, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v3/chat" + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String extra, String messages) {
        return "{\"bot_id\":\"7429890021130403874\",\"user_id\":\"u1\",\"stream\":true" + extra
                + ",\"additional_messages\":" + messages + "}";
    }

    private static final String HELLO = "[{\"role\":\"user\",\"content_type\":\"text\",\"content\":\"hi\"}]";

    private int code(HttpResponse<String> response) throws Exception {
        JsonNode node = json.readTree(response.body());
        assertThat(node.path("detail").path("logid").asText())
                .isEqualTo(response.headers().firstValue("x-tt-logid").orElseThrow());
        return node.get("code").asInt();
    }

    @Test
    void missingOrWrongTokenIs4101OnHttp200() throws Exception {
        HttpResponse<String> missing = chat("", body("", HELLO), null);
        HttpResponse<String> wrong = chat("", body("", HELLO), "pat_wrong");

        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(missing.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(code(missing)).isEqualTo(4101);
        assertThat(code(wrong)).isEqualTo(4101);
    }

    @Test
    void rejectsBadParametersWith4000() throws Exception {
        String token = fake.token();
        assertThat(code(chat("", body(",\"conversation_id\":\"1\"", HELLO), token)))
                .isEqualTo(4000);
        assertThat(code(chat(
                        "",
                        "{\"bot_id\":7429890021130403874,\"user_id\":\"u\",\"stream\":true,"
                                + "\"additional_messages\":" + HELLO + "}",
                        token)))
                .isEqualTo(4000);
        assertThat(code(chat("", "{\"bot_id\":\"1\",\"user_id\":\"u\",\"additional_messages\":" + HELLO + "}", token)))
                .isEqualTo(4000);
        assertThat(code(chat(
                        "",
                        body(
                                "",
                                "[{\"role\":\"assistant\",\"type\":\"answer\",\"content_type\":\"text\","
                                        + "\"content\":\"last is not user\"}]"),
                        token)))
                .isEqualTo(4000);
        String many = "["
                + String.join(
                        ",",
                        Collections.nCopies(101, "{\"role\":\"user\",\"content_type\":\"text\",\"content\":\"x\"}"))
                + "]";
        assertThat(code(chat("", body("", many), token))).isEqualTo(4000);
        assertThat(code(chat("", body("", "[{\"role\":\"user\",\"content\":\"no content type\"}]"), token)))
                .isEqualTo(4000);
        assertThat(code(chat(
                        "",
                        body(
                                "",
                                "[{\"role\":\"user\",\"content_type\":\"object_string\","
                                        + "\"content\":\"[{\\\"type\\\":\\\"text\\\",\\\"text\\\":\\\"pure text\\\"}]\"}]"),
                        token)))
                .isEqualTo(4000);
        assertThat(fake.chats()).extracting(RecordedChat::rejectedCode).containsOnly(4000);
    }

    @Test
    void streamsWithTheEventStreamContentTypeAndNoSpaceAfterColons() throws Exception {
        fake.enqueue(Script.answer("héllo"));

        HttpResponse<String> response = chat("?conversation_id=42", body("", HELLO), fake.token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("x-tt-logid")).isPresent();
        assertThat(response.body())
                .startsWith("event:conversation.chat.created\ndata:{\"id\":\"")
                .contains("\"conversation_id\":\"42\"")
                .contains("\"content\":\"héllo\"")
                .endsWith("event:done\ndata:\"[DONE]\"\n\n");
        assertThat(fake.chats().getFirst().conversationId()).isEqualTo("42");
        // the client has the last byte before the fake's handler returns and counts the stream closed
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.openStreams() == 0);
    }

    @Test
    void studioProfileAnswersParameterErrorsWithHttp400() throws Exception {
        fake.studioMode(true);

        HttpResponse<String> response = chat("", body(",\"conversation_id\":\"1\"", HELLO), fake.token());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(400);
    }
}
