package dev.cozebridge.platform;

import java.util.List;
import java.util.function.Function;

/**
 * Optional: the platform pushes events to the bridge over HTTP (Telegram webhooks) instead of being polled.
 * The bridge's HTTP server serves each {@link Webhook} at its path; the adapter must not answer success before
 * what it was handed is durable, because a success tells the platform never to deliver it again.
 */
public interface WebhookReceiver {

    /** The endpoints to serve; asked once, before the HTTP server starts. */
    List<Webhook> webhooks();

    /**
     * Stops taking deliveries, before a shutdown begins: from now on they are answered 503, so the platform
     * delivers them again, to another instance sharing the database or to this one after its restart, instead of
     * handing them to a core that no longer accepts work. Sending and editing go on until {@code stop()}.
     */
    void stopReceiving();

    /** A POST route. */
    record Webhook(String path, Handler handler) {}

    /** Handles one delivery on the HTTP request's (virtual) thread. */
    interface Handler {
        /**
         * @param header the request's headers by name (case-insensitive), null when absent
         * @param body   the raw request body
         * @return the HTTP status to answer: 2xx once the delivery is durable (or a known duplicate), 401 for a
         *         wrong secret, 4xx for a body that can never be handled, 503 when the adapter is not running
         */
        int handle(Function<String, String> header, byte[] body);
    }
}
