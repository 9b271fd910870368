/**
 * The Coze v3 implementation of the agent contract: an OkHttp + okhttp-sse streaming client ({@link
 * dev.cozebridge.agent.coze.CozeClient}), a pure SSE-event-to-{@code AgentEvent} mapper, the error classification of
 * Coze's many failure shapes, and the PAT / OAuth JWT credentials. Nothing outside this package sees HTTP, SSE or
 * Coze JSON.
 */
package dev.cozebridge.agent.coze;
