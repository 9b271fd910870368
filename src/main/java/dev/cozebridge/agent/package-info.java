/**
 * The agent contract: one blocking, streamed run per reply, reported as a small sealed event type. The Coze
 * implementation lives in {@code agent.coze}; nothing else knows about HTTP, SSE or Coze's JSON.
 */
package dev.cozebridge.agent;
