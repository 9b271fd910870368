package dev.cozebridge.platform.telegram;

import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;

/**
 * Watches the poll connection (getUpdates and deleteWebhook go through it): TelegramBots swallows polling
 * errors into its own log, so this is how the adapter knows whether polling currently works.
 */
final class PollHealth implements Interceptor {

    private volatile boolean ok = true;

    @Override
    public Response intercept(Chain chain) throws IOException {
        try {
            Response response = chain.proceed(chain.request());
            ok = response.isSuccessful();
            return response;
        } catch (IOException e) {
            ok = false;
            throw e;
        }
    }

    boolean ok() {
        return ok;
    }

    void reset() {
        ok = true;
    }
}
