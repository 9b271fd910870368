package dev.cozebridge.fakes.discord;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CDN of the fake Discord (media-and-interactions §3.1): attachments live at
 * {@code /attachments/<channel>/<id>/<filename>?ex=<hex expiry>&is=<hex issued>&hm=<signature>&}; a URL whose
 * signature does not match or that has expired (a day after issue) answers 404 like the real CDN, so only the URL a
 * message carried fetches the file.
 */
final class FakeDiscordCdn {
    static final Duration LIFETIME = Duration.ofDays(1);

    /** One stored attachment. */
    record Stored(String id, String channelId, FakeAttachment file, String url) {}

    private final byte[] key = new byte[32];
    private final Map<String, Stored> byPath = new ConcurrentHashMap<>();
    private final List<String> downloads = new CopyOnWriteArrayList<>();
    private volatile String base;

    FakeDiscordCdn() {
        new SecureRandom().nextBytes(key);
    }

    /** Where the CDN is served: {@code http://127.0.0.1:<port>}. Set once the HTTP server runs. */
    void base(String base) {
        this.base = base;
    }

    Stored store(String id, String channelId, FakeAttachment file) {
        long issued = Instant.now().getEpochSecond();
        String ex = Long.toHexString(issued + LIFETIME.toSeconds());
        String is = Long.toHexString(issued);
        String path = "/attachments/" + channelId + "/" + id + "/" + file.filename();
        String url = base + path + "?ex=" + ex + "&is=" + is + "&hm=" + sign(path, ex, is) + "&";
        Stored stored = new Stored(id, channelId, file, url);
        byPath.put(path, stored);
        return stored;
    }

    /** The attachment ids whose bytes were fetched, in order. */
    List<String> downloads() {
        return List.copyOf(downloads);
    }

    void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Stored stored = byPath.get(path);
        boolean valid = stored != null
                && exchange.getRequestMethod().equals("GET")
                && query.containsKey("ex")
                && query.containsKey("is")
                && sign(path, query.get("ex"), query.get("is")).equals(query.get("hm"))
                && Long.parseLong(query.get("ex"), 16) > Instant.now().getEpochSecond();
        try (exchange) {
            if (!valid) {
                byte[] body = "This content is no longer available.".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            downloads.add(stored.id());
            exchange.getResponseHeaders().add("Content-Type", stored.file().contentType());
            exchange.sendResponseHeaders(200, stored.file().bytes().length);
            exchange.getResponseBody().write(stored.file().bytes());
        } catch (IOException clientGone) {
            // the bridge gave up on the download
        }
    }

    private String sign(String path, String ex, String is) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((path + "|" + ex + "|" + is).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return query;
    }
}
