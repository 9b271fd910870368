package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Errors Jetty raises before a route runs (a URI it cannot parse, a request line or headers over its limits, an
 * unknown HTTP version) are answered like every other error of the API: OpenAI's JSON error object, not an HTML
 * page. Sent over a raw socket, since no HTTP client lets a caller send such requests.
 */
class OpenAiProtocolErrorsTest {
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

    /** A status line, headers and body as the server wrote them. */
    private record Raw(int status, String headers, String body) {
        String header(String name) {
            return headers.lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(null);
        }
    }

    private Raw send(String requestHead) throws IOException {
        int port = Integer.parseInt(bridge.baseUrl().substring(bridge.baseUrl().lastIndexOf(':') + 1));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            String body = text.substring(split + 4);
            if ("chunked".equalsIgnoreCase(new Raw(0, head, "").header("Transfer-Encoding"))) {
                body = unchunk(body);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            return new Raw(status, head, body);
        }
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).strip(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    private JsonNode openAiError(Raw raw, int status) throws IOException {
        assertThat(raw.status()).as(raw.headers() + "\n\n" + raw.body()).isEqualTo(status);
        assertThat(raw.header("Content-Type")).startsWith("application/json");
        JsonNode error = json.readTree(raw.body()).path("error");
        assertThat(error.path("message").asText()).isNotBlank().doesNotContain("<");
        assertThat(error.path("type").asText()).isEqualTo(status >= 500 ? "api_error" : "invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        return error;
    }

    @Test
    void aUriThatDoesNotParseIsAJsonError() throws IOException {
        JsonNode error = openAiError(send("GET /v1/models/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400);
        assertThat(error.path("message").asText()).containsIgnoringCase("request");
    }

    @Test
    void aHeaderLineWithoutAColonIsAJsonError() throws IOException {
        openAiError(send("GET /v1/models HTTP/1.1\r\nHost: x\r\nno colon here\r\nConnection: close\r\n\r\n"), 400);
    }

    @Test
    void aPathThatEscapesTheRootIsAJsonError() throws IOException {
        openAiError(send("GET /v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400);
    }

    @Test
    void aRequestLineOverTheLimitIs414AsJson() throws IOException {
        String path = "/v1/models/" + "a".repeat(20_000);
        JsonNode error = openAiError(send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 414);
        assertThat(error.path("message").asText()).containsIgnoringCase("URI");
    }

    @Test
    void headersOverTheLimitAre431AsJson() throws IOException {
        JsonNode error = openAiError(
                send("GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Filler: " + "b".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n"),
                431);
        assertThat(error.path("message").asText()).containsIgnoringCase("header");
    }

    @Test
    void anUnknownHttpVersionIsAJsonError() throws IOException {
        Raw raw = send("GET /v1/models HTTP/7.0\r\nHost: x\r\nConnection: close\r\n\r\n");
        openAiError(raw, raw.status());
        assertThat(raw.status()).isIn(400, 505);
    }

    private Raw post(String headers, byte[] body) throws IOException {
        byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + OpenAiFixture.KEY
                        + "\r\nConnection: close\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return send(new String(all, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405AsJsonWithTheAllowedMethods() throws IOException {
        Raw get = send("GET /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + OpenAiFixture.KEY
                + "\r\nConnection: close\r\n\r\n");
        JsonNode error = openAiError(get, 405);
        assertThat(error.path("message").asText()).isEqualTo("Method GET is not allowed on /v1/chat/completions.");
        // RFC 9110 §15.5.6: a 405 says which methods the resource has
        assertThat(get.header("Allow")).isEqualTo("POST");
        Raw delete = send("DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        openAiError(delete, 405);
        assertThat(delete.header("Allow")).isEqualTo("GET");
    }

    @Test
    void aBrokenChunkedBodyIs400AsJsonNotAServerError() throws IOException {
        Raw raw = post(
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(openAiError(raw, 400).path("message").asText()).contains("ended before it was complete");
        assertThat(bridge.coze.chats()).isEmpty();
    }

    @Test
    void aBodyShorterThanItsContentLengthIs400AsJson() throws IOException {
        // send() half-closes after the bytes: the server sees the body end 90 bytes early
        Raw raw = post("Content-Type: application/json\r\nContent-Length: 100\r\n", "{\"model\"".getBytes());
        assertThat(openAiError(raw, 400).path("message").asText()).contains("ended before it was complete");
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413AtOnce() throws IOException {
        Raw raw = post("Content-Type: application/json\r\nContent-Length: 40000000\r\n", "{".getBytes());
        assertThat(openAiError(raw, 413).path("message").asText()).isEqualTo("The request body is larger than 32 MB.");
    }

    @Test
    void aCharsetTheJvmDoesNotKnowIsNoServerError() throws IOException {
        Raw raw = post("Content-Type: application/json; charset=latin-1\r\nContent-Length: 1\r\n", "{".getBytes());
        assertThat(openAiError(raw, 400).path("message").asText()).startsWith("The request body is not valid JSON");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotReplaced() throws IOException {
        byte[] body = "{\"model\":\"helper\",\"messages\":[{\"role\":\"user\",\"content\":\"\u00ff\u00fe\"}]}"
                .getBytes(StandardCharsets.ISO_8859_1);
        Raw raw = post("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n", body);
        assertThat(openAiError(raw, 400).path("message").asText()).startsWith("The request body is not UTF-8 text");
        assertThat(bridge.coze.chats()).isEmpty();
    }
}
