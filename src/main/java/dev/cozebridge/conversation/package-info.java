/**
 * The conversation core: access policy, one ordered worker per conversation on virtual threads, the files of a
 * question (fetched, transcribed, uploaded: {@code QuestionMedia}), quoted messages, edited questions, the history
 * window, and the reply engine that streams an agent's answer into platform messages (pacing per reply and per
 * channel, coalescing, splitting at the platform limit, footnotes, failure notices, crash recovery; Stop and
 * suggestion buttons, pictures, reasoning and tool status), what pressing a button does ({@code ButtonPresses}),
 * and the greeting of new conversations. Written once
 * for every platform; adapters only send and edit.
 */
package dev.cozebridge.conversation;
