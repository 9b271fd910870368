package dev.cozebridge.fakes.coze;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately small HTTP/1.1 server side over a raw socket: the fake needs byte-level control of the response
 * (tiny chunks, abrupt cuts, stalls that notice the client hanging up), which a higher-level server hides.
 * Every response closes the connection, so there is no keep-alive state to get wrong.
 */
final class HttpWire {
    private HttpWire() {}

    /**
     * One parsed request. Header names are lower-cased. {@code target} is the raw request target: absolute-form
     * ({@code http://host/path}) when the client went through an HTTP proxy.
     */
    record Request(
            String method,
            String target,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Request read(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3) {
            throw new IOException("bad request line: " + requestLine);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        byte[] body = new byte[0];
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked(in);
        }
        String target = parts[1];
        String origin = target;
        if (origin.startsWith("http://") || origin.startsWith("https://")) {
            // absolute-form (RFC 9112 §3.2.2), as sent to a proxy: serve it like origin-form
            int slash = origin.indexOf('/', origin.indexOf("//") + 2);
            origin = slash < 0 ? "/" : origin.substring(slash);
        }
        int q = origin.indexOf('?');
        String path = q < 0 ? origin : origin.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : parseQuery(origin.substring(q + 1));
        return new Request(parts[0], target, path, query, headers, body);
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new IOException("truncated chunked body");
            }
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                readLine(in);
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Writes a complete response with a fixed length body. */
    static void respond(Socket socket, int status, String contentType, byte[] body, String logId) throws IOException {
        OutputStream out = socket.getOutputStream();
        StringBuilder head = new StringBuilder()
                .append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n")
                .append("Content-Type: ")
                .append(contentType)
                .append("\r\n")
                .append("Content-Length: ")
                .append(body.length)
                .append("\r\n")
                .append("Connection: close\r\n");
        if (logId != null) {
            head.append("x-tt-logid: ").append(logId).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Starts a chunked response; the caller writes chunks with {@link #chunk} and ends with {@link #endChunks}. */
    static void startChunked(Socket socket, int status, String contentType, String logId) throws IOException {
        String head = "HTTP/1.1 " + status + ' ' + reason(status) + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "Cache-Control: no-cache\r\n"
                + "Connection: close\r\n"
                + "x-tt-logid: " + logId + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static void chunk(Socket socket, byte[] bytes, int from, int length) throws IOException {
        if (length == 0) {
            return;
        }
        OutputStream out = socket.getOutputStream();
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, from, length);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static void endChunks(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Time-out";
            default -> "Status";
        };
    }
}
