package dev.cozebridge.platform.telegram;

import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.platform.StartupBackoff;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The first call of a start, getMe: an unreachable Bot API (no answer, 5xx, 429) is retried with backoff until the
 * ready timeout, one log line per attempt; a rejected token or another refusal fails at once; {@link #abort()}
 * (from the adapter's stop, on another thread) ends the wait at once.
 */
final class TelegramStartup {
    private static final Logger log = LoggerFactory.getLogger(TelegramStartup.class);

    private final String bot;
    private final OkHttpTelegramClient client;
    private final String api;
    private final TelegramFailures failures;
    private final StartupBackoff backoff;
    private final CountDownLatch aborted = new CountDownLatch(1);

    TelegramStartup(
            String bot,
            OkHttpTelegramClient client,
            TelegramUrl url,
            TelegramFailures failures,
            StartupBackoff backoff) {
        this.bot = bot;
        this.client = client;
        this.api = url.getSchema() + "://" + url.getHost() + ":" + url.getPort();
        this.failures = failures;
        this.backoff = backoff;
    }

    static PlatformException cancelled(String bot) {
        return PlatformException.failed("the start of bot " + bot + " on Telegram was cancelled (stopping)", null);
    }

    void abort() {
        aborted.countDown();
    }

    User getMe() {
        long deadline = System.nanoTime() + backoff.readyTimeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return client.execute(new GetMe());
            } catch (TelegramApiException e) {
                if (aborted.getCount() == 0) {
                    throw cancelled(bot);
                }
                TelegramFailures.Answer answer = TelegramFailures.answer(e);
                if (answer != null && answer.code() == 401) {
                    throw PlatformException.failed(
                            "Telegram rejected the token of bot " + bot
                                    + " (401 Unauthorized); check telegram.token_env",
                            null);
                }
                boolean retry = answer == null || answer.code() == 429 || answer.code() >= 500;
                long delay = backoff.waitNanos(attempt, System.nanoTime(), deadline);
                if (!retry || delay < 0) {
                    throw PlatformException.failed(
                            "Telegram API at " + api + " did not answer getMe for bot " + bot
                                    + (retry
                                            ? " within "
                                                    + backoff.readyTimeout().toSeconds() + " s (" + attempt
                                                    + " attempt(s))"
                                            : "")
                                    + ": " + failures.describe(e),
                            null);
                }
                log.warn(
                        "Telegram API {} not reachable for bot {} (attempt {}): {}; next attempt in {} ms",
                        api,
                        bot,
                        attempt,
                        failures.describe(e),
                        TimeUnit.NANOSECONDS.toMillis(delay));
                try {
                    if (aborted.await(delay, TimeUnit.NANOSECONDS)) {
                        throw cancelled(bot);
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw PlatformException.failed("interrupted while connecting bot " + bot + " to Telegram", null);
                }
            }
        }
    }
}
