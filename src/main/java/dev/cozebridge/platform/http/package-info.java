/**
 * The OpenAI-compatible HTTP API on Javalin (Jetty 12, virtual threads): {@code /v1/models},
 * {@code /v1/chat/completions} (JSON or SSE), {@code /v1/images/generations}, plus {@code /healthz}, {@code /readyz}
 * and {@code /metrics}. Each request is a stateless Coze chat: the OpenAI history becomes Coze's
 * {@code additional_messages}. Javalin types stay inside this package; {@link dev.cozebridge.platform.http.OpenAiServer}
 * is the only entry point.
 */
package dev.cozebridge.platform.http;
