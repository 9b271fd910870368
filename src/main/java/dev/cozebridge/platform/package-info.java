/**
 * The adapter contract. An adapter turns platform events into {@link dev.cozebridge.core.InboundMessage}s for
 * the {@link InboundSink}, and sends and edits messages when the core asks. It never decides when to edit.
 * Optional abilities (typing, drafts, buttons under messages, pictures by URL, handing over the files people send,
 * being the operator's own channel) are separate interfaces an adapter may also implement; a pressed button comes
 * back as a neutral {@link ButtonPress}; {@link ReplyCompletion} lets an adapter that answers one
 * message at a time wait for the core.
 */
package dev.cozebridge.platform;
