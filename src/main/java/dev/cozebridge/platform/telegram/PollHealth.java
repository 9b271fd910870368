package dev.cozebridge.platform.telegram;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The poll connection's transport (getUpdates and deleteWebhook go through it). TelegramBots swallows polling
 * errors into its own log, so this is how the adapter knows whether polling currently works. It also makes
 * stopping clean: the long poll runs on a separate client that {@link #stop()} cancels, and that cancellation
 * is answered as an empty update list, so TelegramBots neither logs an ordinary shutdown as a polling error
 * nor backs off, and no poll outlives the adapter by its timeout.
 */
final class PollHealth implements Interceptor {

    private static final String NO_UPDATES = "{\"ok\":true,\"result\":[]}";

    private final OkHttpClient transport;
    private volatile boolean ok = true;
    private volatile boolean stopping;

    PollHealth(OkHttpClient transport) {
        this.transport = transport;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        if (stopping) {
            return noUpdates(chain);
        }
        try {
            Response response = transport.newCall(chain.request()).execute();
            ok = response.isSuccessful();
            return response;
        } catch (IOException e) {
            if (stopping) {
                return noUpdates(chain);
            }
            ok = false;
            throw e;
        }
    }

    private static Response noUpdates(Chain chain) {
        return new Response.Builder()
                .request(chain.request())
                .protocol(Protocol.HTTP_1_1)
                .code(200)
                .message("OK")
                .body(ResponseBody.create(NO_UPDATES, MediaType.get("application/json")))
                .build();
    }

    boolean ok() {
        return ok && !stopping;
    }

    /** Ends the in-flight poll at once; later polls are answered locally. */
    void stop() {
        stopping = true;
        transport.dispatcher().cancelAll();
        transport.connectionPool().evictAll();
    }
}
