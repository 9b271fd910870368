/**
 * The adapter contract. An adapter turns platform events into {@link dev.cozebridge.core.InboundMessage}s for
 * the {@link InboundSink}, and sends and edits messages when the core asks. It never decides when to edit.
 * Optional abilities (typing, drafts, handing over the files people send) are separate interfaces an adapter may
 * also implement.
 */
package dev.cozebridge.platform;
