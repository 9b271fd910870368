package dev.cozebridge.fakes.coze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.Socket;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Coze's JSON envelope {@code {code,msg,data,detail:{logid}}}, log ids, and lenient body parsing. */
final class FakeEnvelopes {
    private static final DateTimeFormatter LOGID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final ObjectMapper json;

    FakeEnvelopes(ObjectMapper json) {
        this.json = json;
    }

    /** An envelope; {@code data} and {@code logId} may be null (Studio omits detail on some errors). */
    ObjectNode envelope(int code, String msg, JsonNode data, String logId) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("code", code);
        envelope.put("msg", msg);
        if (data != null) {
            envelope.set("data", data);
        }
        if (logId != null) {
            envelope.putObject("detail").put("logid", logId);
        }
        return envelope;
    }

    void respond(Socket socket, int status, JsonNode body, String logId) throws IOException {
        HttpWire.respond(socket, status, "application/json", json.writeValueAsBytes(body), logId);
    }

    /** The parsed body, or a MissingNode when it is not JSON. */
    JsonNode parse(String text) {
        try {
            JsonNode node = json.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** A log id shaped like Coze's: a timestamp and upper-case hex. */
    static String newLogId() {
        byte[] raw = new byte[10];
        ThreadLocalRandom.current().nextBytes(raw);
        return LOGID_TIME.format(LocalDateTime.now())
                + HexFormat.of().withUpperCase().formatHex(raw);
    }

    /** Coze's answer to a bad bearer: 4101 on HTTP 200, 700012006 on 401 for expired tokens, Studio's own shape. */
    void rejectAuth(Socket socket, int code, String logId, boolean studio) throws IOException {
        if (studio) {
            respond(socket, 200, envelope(code, "authentication failed: invalid token", null, null), logId);
        } else if (code == 700012006) {
            respond(socket, 401, envelope(code, "access token invalid", null, logId), logId);
        } else {
            respond(
                    socket,
                    200,
                    envelope(
                            code,
                            "The token you entered is incorrect. Please double-check and try "
                                    + "again. For more information, refer to https://coze.com/docs/developer_guides/authentication",
                            null,
                            logId),
                    logId);
        }
    }

    /** The upload {@code data}: {id, bytes, file_name, created_at}, or Studio's {id, uri, url, bytes, file_name, CreatedAt}. */
    ObjectNode uploaded(String id, Multipart.Part file, long now, boolean studio, String baseUrl) {
        ObjectNode data = json.createObjectNode();
        data.put("id", id);
        if (studio) {
            data.put("uri", "BIZ_BOT_DATASET/" + id);
            data.put("url", baseUrl + "/files/" + id);
        }
        data.put("bytes", file.content().length);
        data.put("file_name", file.fileName());
        data.put(studio ? "CreatedAt" : "created_at", now);
        return data;
    }
}
