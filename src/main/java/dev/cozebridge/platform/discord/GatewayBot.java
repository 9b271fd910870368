package dev.cozebridge.platform.discord;

import java.io.IOException;
import java.io.UncheckedIOException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.data.DataObject;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code GET /gateway/bot}: how many shards Discord recommends for the bot. Asked here rather than by JDA's shard
 * manager (its {@code setShardsTotal(-1)}): JDA logs an unreachable API on that path as an ERROR with a stack trace
 * on every attempt, and the manager then always gets an explicit total, the one code path for both cases.
 */
final class GatewayBot {
    private GatewayBot() {}

    /**
     * The recommended shard count, at least 1.
     *
     * @throws InvalidTokenException on 401, as JDA throws it
     * @throws UncheckedIOException  when the API cannot be reached
     * @throws IllegalStateException on any other answer
     */
    static int recommendedShards(OkHttpClient http, String apiUrl, String token) {
        RestConfig rest = new RestConfig().setBaseUrl(apiUrl);
        Request request = new Request.Builder()
                .get()
                .url(rest.getBaseUrl() + "gateway/bot")
                .header("authorization", "Bot " + token)
                .header("user-agent", rest.getUserAgent())
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 401) {
                throw new InvalidTokenException();
            }
            if (!response.isSuccessful()) {
                throw new IllegalStateException("GET /gateway/bot answered HTTP " + response.code());
            }
            int shards = DataObject.fromJson(response.body().byteStream()).getInt("shards", 1);
            return Math.max(1, shards);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
