package dev.cozebridge.platform.discord;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Puts every REST request of the bot that Discord counts against its global limit through the bot's
 * {@link DiscordWriteBudget}, at the HTTP layer of the client JDA (and the {@code GET /gateway/bot} probe) use: not
 * only the core's writes but the start's {@code gateway/bot}, {@code users/@me} and command registration, thread
 * creation, DM notices. Counting only the writes let a connect burst and the first writes land in one second
 * together and draw a global 429, which makes JDA hold every route. Interaction callbacks and interaction
 * webhooks ({@code interactions/{id}/{token}/callback}, {@code webhooks/{application}/{token}…}) are outside the
 * global limit (platforms §2.8, §4) and pass at once.
 *
 * <p>The slot is taken when the request leaves JDA's per-route queue (so a request JDA holds back for its bucket
 * holds no global slot) and counted as finished when the response arrives. A typing indicator is cosmetic: it takes
 * a slot only when one is free and nobody waits, and is otherwise answered here as done without being sent. Runs on
 * JDA's rate-limit worker threads, which may block; an interrupted wait fails the request as interrupted.
 */
final class DiscordGlobalGate implements Interceptor {

    private static final Pattern EXEMPT =
            Pattern.compile(".*/(interactions/\\d+/[^/]+/callback|webhooks/\\d+/[^/]+(/.*)?)");
    private static final Pattern TYPING = Pattern.compile(".*/channels/\\d+/typing");

    private final DiscordWriteBudget budget;

    DiscordGlobalGate(DiscordWriteBudget budget) {
        this.budget = budget;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String path = request.url().encodedPath();
        if (EXEMPT.matcher(path).matches()) {
            return chain.proceed(request);
        }
        DiscordWriteBudget.Permit slot;
        if (TYPING.matcher(path).matches()) {
            slot = budget.tryAcquire();
            if (slot == null) {
                return skipped(request);
            }
        } else {
            try {
                slot = budget.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the Discord global budget");
            }
        }
        try (slot) {
            return chain.proceed(request);
        }
    }

    /** What Discord answers a typing indicator with (204, no body), for one the budget had no room for. */
    private static Response skipped(Request request) {
        return new Response.Builder()
                .request(request)
                .protocol(Protocol.HTTP_1_1)
                .code(204)
                .message("") // HTTP/2 style: no reason phrase; nobody reads it, JDA looks at the code
                .body(ResponseBody.create(new byte[0], MediaType.get("application/json")))
                .build();
    }
}
