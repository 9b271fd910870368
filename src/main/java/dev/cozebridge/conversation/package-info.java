/**
 * The conversation core: access policy, one ordered worker per conversation on virtual threads, the history
 * window, and the reply engine that streams an agent's answer into platform messages (pacing per reply and per
 * channel, coalescing, splitting at the platform limit, footnotes, failure notices, crash recovery). Written once
 * for every platform; adapters only send and edit.
 */
package dev.cozebridge.conversation;
