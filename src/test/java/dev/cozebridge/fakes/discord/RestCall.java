package dev.cozebridge.fakes.discord;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One REST request the fake received and how it answered.
 *
 * @param method HTTP method
 * @param path   path below {@code /api/v10/}, without the query
 * @param body   the JSON body, or a missing node when there was none
 * @param status the HTTP status served
 * @param at     when it was answered
 * @param receivedNanos {@link System#nanoTime()} when the fake's HTTP server handed the request over (its headers
 *               had arrived), for timing the bridge at the socket
 */
public record RestCall(String method, String path, JsonNode body, int status, Instant at, long receivedNanos) {
    public boolean is(String method, String pathRegex) {
        return this.method.equals(method) && path.matches(pathRegex);
    }
}
