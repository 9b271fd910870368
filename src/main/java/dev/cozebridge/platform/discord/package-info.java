/**
 * The Discord adapter on JDA 6: gateway events become {@link dev.cozebridge.core.InboundMessage}s for the core,
 * slash commands ({@code /ask}, {@code /stop}, {@code /reset}, {@code /help} and the Coze bot's shortcuts) are
 * answered here or through the interaction hook, pressed buttons ({@code DiscordButtons}) are acknowledged at once
 * and handed to the core, and the core's sends and edits (with action rows) and pictures (embeds,
 * {@code DiscordPictures}) become REST calls that never ping anybody. Attachments ({@code DiscordMedia}) are
 * downloaded from the CDN when the core asks. JDA types stay in this package.
 */
package dev.cozebridge.platform.discord;
