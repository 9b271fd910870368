package dev.cozebridge.fakes.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.cozebridge.fakes.coze.Multipart;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** The HTTP side of {@link FakeTelegram}: token check, routing, parameter parsing, envelopes, call records. */
final class BotApiHandler implements HttpHandler {

    private final FakeTelegram t;
    private final BotApiMethods methods;

    BotApiHandler(FakeTelegram fake) {
        this.t = fake;
        this.methods = new BotApiMethods(fake);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        long receivedNanos = System.nanoTime();
        if (ex.getRequestURI().getPath().startsWith("/file/")) {
            file(ex);
            return;
        }
        String method = "";
        JsonNode params = NullNode.getInstance();
        ObjectNode body = t.json.createObjectNode();
        int status;
        String description = null;
        try {
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith("/bot") || path.indexOf('/', 4) < 0) {
                throw new ApiError(404, "Not Found");
            }
            String rest = path.substring(4);
            String token = rest.substring(0, rest.indexOf('/'));
            method = rest.substring(rest.indexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (!token.equals(t.settings.token())) {
                throw new ApiError(401, "Unauthorized");
            }
            params = params(ex);
            JsonNode result = methods.call(method, params);
            status = 200;
            body.put("ok", true).set("result", result);
        } catch (BotApiMethods.ConnectionDropped e) {
            t.lock.lock();
            try {
                t.calls.add(
                        new FakeTelegram.Call(method, params, Instant.now(), 0, "connection dropped", receivedNanos));
            } finally {
                t.lock.unlock();
            }
            // closing an exchange that sent no headers closes the connection: the client reads no answer
            ex.close();
            return;
        } catch (ApiError e) {
            status = e.code;
            description = e.getMessage();
            body.put("ok", false).put("error_code", e.code).put("description", e.getMessage());
            if (e.retryAfter != null) {
                body.putObject("parameters").put("retry_after", e.retryAfter);
            }
            if (e.migrateTo != null) {
                body.putObject("parameters").put("migrate_to_chat_id", e.migrateTo);
            }
        }
        t.lock.lock();
        try {
            t.calls.add(new FakeTelegram.Call(method, params, Instant.now(), status, description, receivedNanos));
        } finally {
            t.lock.unlock();
        }
        byte[] bytes = t.json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        try (ex;
                OutputStream out = ex.getResponseBody()) {
            ex.sendResponseHeaders(status, bytes.length);
            out.write(bytes);
        } catch (IOException clientGone) {
            // A long poll whose client was cancelled: nobody is listening any more.
        }
    }

    /** {@code GET /file/bot<token>/<file_path>}: the bytes, or Telegram's 404 for a wrong token or unknown path. */
    private void file(HttpExchange ex) throws IOException {
        String rest = ex.getRequestURI().getPath().substring("/file/".length());
        byte[] bytes = null;
        boolean drop;
        t.lock.lock();
        try {
            drop = t.files.droppedDownloads > 0;
            if (drop) {
                t.files.droppedDownloads--;
            }
        } finally {
            t.lock.unlock();
        }
        if (drop) {
            ex.close();
            return;
        }
        String prefix = "bot" + t.settings.token() + "/";
        if (ex.getRequestMethod().equals("GET") && rest.startsWith(prefix)) {
            t.lock.lock();
            try {
                bytes = t.files.download(rest.substring(prefix.length()));
            } finally {
                t.lock.unlock();
            }
        }
        try (ex;
                OutputStream out = ex.getResponseBody()) {
            if (bytes == null) {
                byte[] body = t.json.writeValueAsBytes(t.json.createObjectNode()
                        .put("ok", false)
                        .put("error_code", 404)
                        .put("description", "Not Found"));
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(404, body.length);
                out.write(body);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, bytes.length);
            out.write(bytes);
        } catch (IOException clientGone) {
            // the bridge gave up on the download
        }
    }

    private JsonNode params(HttpExchange ex) throws IOException, ApiError {
        ObjectNode result = t.json.createObjectNode();
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            form(query, result);
        }
        byte[] raw = ex.getRequestBody().readAllBytes();
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (raw.length > 0 && type != null && type.toLowerCase(Locale.ROOT).contains("json")) {
            JsonNode parsed;
            try {
                parsed = t.json.readTree(raw);
            } catch (IOException e) {
                throw new ApiError(400, "Bad Request: can't parse JSON object");
            }
            if (!parsed.isObject()) {
                throw new ApiError(400, "Bad Request: JSON object expected");
            }
            result.setAll((ObjectNode) parsed);
        } else if (raw.length > 0
                && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            // TelegramBots sends methods that may carry a file (setWebhook's certificate...) as a form
            Map<String, Multipart.Part> parts = Multipart.parse(type, raw);
            if (parts == null) {
                throw new ApiError(400, "Bad Request: can't parse multipart/form-data");
            }
            StringBuilder encoded = new StringBuilder();
            for (Multipart.Part part : parts.values()) {
                if (part.fileName() == null) {
                    encoded.append(encoded.isEmpty() ? "" : "&")
                            .append(java.net.URLEncoder.encode(part.name(), StandardCharsets.UTF_8))
                            .append('=')
                            .append(java.net.URLEncoder.encode(
                                    new String(part.content(), StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                }
            }
            form(encoded.toString(), result);
        } else if (raw.length > 0) {
            form(new String(raw, StandardCharsets.UTF_8), result);
        }
        return result;
    }

    private void form(String encoded, ObjectNode into) {
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            try {
                JsonNode structured = (v.startsWith("{") || v.startsWith("[")) ? t.json.readTree(v) : null;
                if (structured != null) {
                    into.set(k, structured);
                    continue;
                }
            } catch (IOException notJson) {
                // keep it as text
            }
            into.put(k, v);
        }
    }
}
