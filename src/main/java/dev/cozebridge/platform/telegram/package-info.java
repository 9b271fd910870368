/**
 * The Telegram adapter, on TelegramBots long polling. Split by direction: {@code TelegramInbound} turns
 * updates into messages and commands ({@code TelegramAddressing} decides what is for the bot,
 * {@code TelegramCommands} answers /start, /help, /reset and /stop, {@code TelegramCallbacks} turns pressed inline
 * buttons into presses), {@code TelegramOutbound} sends (with inline keyboards), edits, drafts and shows typing,
 * {@code TelegramPictures} sends an answer's pictures by URL, paced by {@code TelegramPacing} below Telegram's flood limits, and {@code TelegramHtml}
 * renders Markdown to Telegram's HTML. {@code TelegramMedia} turns photos, documents and voice notes into
 * attachments and downloads them through getFile; {@code TelegramAlbums} collects an album into one question.
 * Conversations are per chat, or per {@code chat:topic} in forum topics (per person there with
 * {@code conversation.scope: user}). TelegramBots types never leave this package.
 */
package dev.cozebridge.platform.telegram;
