/**
 * The Discord adapter on JDA 6: gateway events become {@link dev.cozebridge.core.InboundMessage}s for the core,
 * slash commands ({@code /ask}, {@code /reset}, {@code /help}) are answered here or through the interaction hook,
 * and the core's sends and edits become REST calls that never ping anybody. Attachments ({@code DiscordMedia}) are
 * downloaded from the CDN when the core asks. JDA types stay in this package.
 */
package dev.cozebridge.platform.discord;
