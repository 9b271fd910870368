package dev.cozebridge.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's error page for what fails before a route runs (a URI that does not parse, a request line or headers over
 * the limit, an HTTP version it does not speak): OpenAI's JSON error object instead of Jetty's HTML, whatever the
 * client accepts, so every error of the API has one shape.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(JsonErrorHandler.class);

    private final ObjectMapper json;
    private final int headerLimitBytes;
    private final long bodyLimitBytes;

    JsonErrorHandler(ObjectMapper json, int headerLimitBytes, long bodyLimitBytes) {
        this.json = json;
        this.headerLimitBytes = headerLimitBytes;
        this.bodyLimitBytes = bodyLimitBytes;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return !"HEAD".equalsIgnoreCase(method);
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        log.debug("HTTP {} refused before routing with {}: {}", request.getMethod(), code, message);
        byte[] body = body(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Used where Jetty answers a message it could not parse into a request at all. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        log.debug("HTTP request refused by the server with {}: {}", status, reason);
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private byte[] body(int code, String reason) {
        ApiError error = new ApiError(
                code, code >= 500 ? "api_error" : "invalid_request_error", sentence(code, reason), null, code(code));
        return error.toJson(json).toString().getBytes(StandardCharsets.UTF_8);
    }

    private String sentence(int code, String reason) {
        return switch (code) {
            case HttpStatus.URI_TOO_LONG_414 ->
                "The request URI is too long: the request line and headers may take at most " + headerLimitBytes / 1024
                        + " KB.";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 ->
                "The request headers are too large: they may take at most " + headerLimitBytes / 1024 + " KB.";
            case HttpStatus.PAYLOAD_TOO_LARGE_413 ->
                "The request body is larger than " + bodyLimitBytes / (1024 * 1024) + " MB.";
            case HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 -> "This HTTP version is not supported; use HTTP/1.1.";
            case HttpStatus.BAD_REQUEST_400 ->
                "The HTTP request is malformed" + (plain(reason) ? " (" + reason + ")" : "")
                        + "; check the URI (percent-encoding) and the headers.";
            default -> "The request was refused: HTTP " + code + " " + HttpStatus.getMessage(code) + ".";
        };
    }

    /** Jetty's reason, when it is a short plain phrase ("Bad URI") rather than an exception's text. */
    private static boolean plain(String reason) {
        return reason != null && reason.matches("[A-Za-z][A-Za-z ]{1,60}") && !reason.equals("Bad Request");
    }

    private static String code(int status) {
        return switch (status) {
            case HttpStatus.URI_TOO_LONG_414 -> "uri_too_long";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "headers_too_large";
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> "request_too_large";
            default -> null;
        };
    }
}
