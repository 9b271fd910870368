package dev.cozebridge.fakes.coze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's media rules (coze-api §3.3, §6; media-and-interactions §1.2, §1.3): uploads are recorded with their
 * bytes, an object_string item must name a file this account uploaded or a public URL, a media-only message needs
 * plain text next to it, and transcription takes a {@code file} part of at most 10 MB and is absent on Studio.
 */
class FakeCozeMediaTest {
    private final FakeCoze fake = FakeCoze.start();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private HttpResponse<String> multipart(String path, String fileName, byte[] content) throws Exception {
        String boundary = "----fake" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return http.send(
                HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                        .header("Authorization", "Bearer " + fake.token())
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int chat(String... messagesJson) throws Exception {
        String body = "{\"bot_id\":\"7429890021130403874\",\"user_id\":\"u1\",\"stream\":true,"
                + "\"additional_messages\":[" + String.join(",", messagesJson) + "]}";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v3/chat"))
                        .header("Authorization", "Bearer " + fake.token())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().startsWith("{")
                ? json.readTree(response.body()).path("code").asInt()
                : 0;
    }

    private String objectString(String text, String type, String key, String value) {
        ArrayNode items = json.createArrayNode();
        if (text != null) {
            items.addObject().put("type", "text").put("text", text);
        }
        items.addObject().put("type", type).put(key, value);
        return json.createObjectNode()
                .put("role", "user")
                .put("content_type", "object_string")
                .put("content", items.toString())
                .toString();
    }

    private static final String PLAIN = "{\"role\":\"user\",\"content_type\":\"text\",\"content\":\"see below\"}";

    @Test
    void uploadsAreRecordedWithTheirBytesAndOnlyTheirIdsAreAccepted() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 7, 7};
        JsonNode uploaded =
                json.readTree(multipart("/v1/files/upload", "cat.png", png).body());
        String id = uploaded.path("data").path("id").asText();

        assertThat(fake.uploads()).singleElement().satisfies(u -> {
            assertThat(u.fileId()).isEqualTo(id);
            assertThat(u.content()).isEqualTo(png);
            assertThat(u.sha256()).isEqualTo(RecordedUpload.sha256(png));
        });
        assertThat(chat(objectString("what is it?", "image", "file_id", id))).isZero();
        assertThat(chat(objectString("what is it?", "image", "file_id", "7431000000000000000")))
                .isEqualTo(4000);
        assertThat(chat(objectString("what is it?", "file", "file_url", "https://example.com/a.pdf")))
                .isZero();
        assertThat(chat(objectString("what is it?", "image", "file_url", "ftp://example.com/a.png")))
                .isEqualTo(4000);
    }

    @Test
    void anImageWithoutTextNeedsAPlainTextMessageNextToIt() throws Exception {
        String id = json.readTree(
                        multipart("/v1/files/upload", "cat.png", new byte[] {1}).body())
                .path("data")
                .path("id")
                .asText();

        assertThat(chat(objectString(null, "image", "file_id", id))).isEqualTo(4000);
        assertThat(chat(objectString(null, "image", "file_id", id), PLAIN)).isZero();
        assertThat(fake.chats()).extracting(RecordedChat::rejectedCode).containsExactly(4000, 0);
    }

    @Test
    void atMostOneTextItem() throws Exception {
        String two = json.createObjectNode()
                .put("role", "user")
                .put("content_type", "object_string")
                .put(
                        "content",
                        "[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"},"
                                + "{\"type\":\"image\",\"file_url\":\"https://example.com/a.png\"}]")
                .toString();
        assertThat(chat(two)).isEqualTo(4000);
    }

    @Test
    void transcribesAFilePartOfAtMostTenMegabytes() throws Exception {
        fake.transcriber(audio -> "你好");
        byte[] ogg = {'O', 'g', 'g', 'S'};

        JsonNode answer = json.readTree(
                multipart("/v1/audio/transcriptions", "voice.ogg", ogg).body());

        assertThat(answer.path("code").asInt()).isZero();
        assertThat(answer.path("data").path("text").asText()).isEqualTo("你好");
        assertThat(answer.path("detail").path("logid").asText()).isNotBlank();
        assertThat(fake.transcriptions())
                .singleElement()
                .satisfies(t -> assertThat(t.content()).isEqualTo(ogg));
        JsonNode tooLong =
                json.readTree(multipart("/v1/audio/transcriptions", "long.ogg", new byte[10 * 1024 * 1024 + 1])
                        .body());
        assertThat(tooLong.path("code").asInt()).isEqualTo(4000);
        assertThat(fake.transcriptions()).hasSize(1);
    }

    @Test
    void studioHasNoAudioApi() throws Exception {
        fake.studioMode(true);

        HttpResponse<String> response = multipart("/v1/audio/transcriptions", "voice.ogg", new byte[] {1});

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(fake.transcriptions()).isEmpty();
    }
}
