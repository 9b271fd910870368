/**
 * A strict, protocol-faithful Discord for tests: REST v10 over the JDK HTTP server and gateway v10 over
 * Java-WebSocket, both on 127.0.0.1. It rejects what Discord rejects (bad token, over-long content, late
 * interaction callbacks, edits of other people's messages), paces with real {@code X-RateLimit-*} buckets and
 * answers excess with a real 429, and records every call so tests can assert on the wire.
 */
package dev.cozebridge.fakes.discord;
