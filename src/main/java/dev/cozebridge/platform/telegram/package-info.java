/**
 * The Telegram adapter, on TelegramBots long polling. Split by direction: {@code TelegramInbound} turns
 * updates into messages and commands ({@code TelegramAddressing} decides what is for the bot,
 * {@code TelegramCommands} answers /start, /help and /reset), {@code TelegramOutbound} sends, edits, drafts
 * and shows typing, paced by {@code TelegramPacing} below Telegram's flood limits, and {@code TelegramHtml}
 * renders Markdown to Telegram's HTML. Conversations are per chat, or per {@code chat:topic} in forum
 * topics. TelegramBots types never leave this package.
 */
package dev.cozebridge.platform.telegram;
