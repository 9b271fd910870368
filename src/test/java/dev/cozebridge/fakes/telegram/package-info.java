/**
 * A strict fake of the Telegram Bot API for tests: real TelegramBots talks to it over 127.0.0.1, it rejects
 * what Telegram rejects, enforces its flood limits and records every call.
 */
package dev.cozebridge.fakes.telegram;
