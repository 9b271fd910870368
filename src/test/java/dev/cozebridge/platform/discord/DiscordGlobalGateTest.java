package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which requests the global budget counts, at the HTTP layer: an OkHttp client with the gate against a local
 * server that counts what reaches it, the budget on a hand-moved clock.
 */
class DiscordGlobalGateTest {
    private final AtomicLong now = new AtomicLong();
    private final DiscordWriteBudget budget =
            new DiscordWriteBudget(new DiscordWriteBudget.Pace(2, Duration.ofSeconds(1)), now::get);
    private final Map<String, AtomicInteger> reached = new ConcurrentHashMap<>();
    private final HttpServer server = start();
    private final OkHttpClient http = new OkHttpClient.Builder()
            .addInterceptor(new DiscordGlobalGate(budget))
            .build();

    private HttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                reached.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger())
                        .incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private int call(String method, String path) throws IOException {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v10/" + path;
        RequestBody body =
                method.equals("GET") ? null : RequestBody.create(new byte[0], MediaType.get("application/json"));
        try (Response response = http.newCall(
                        new Request.Builder().url(url).method(method, body).build())
                .execute()) {
            return response.code();
        }
    }

    private int reached(String path) {
        AtomicInteger n = reached.get("/api/v10/" + path);
        return n == null ? 0 : n.get();
    }

    @Test
    void everyCountedRequestTakesASlotWhileInteractionsPassAndTypingIsSkippedWhenFull() throws Exception {
        // the start's requests count like any write: two fill this budget's window
        call("GET", "gateway/bot");
        call("GET", "users/@me");
        CompletableFuture<Integer> edit = CompletableFuture.supplyAsync(() -> {
            try {
                return call("PATCH", "channels/7/messages/8");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(() -> budget.waiting() == 1);
        assertThat(reached("channels/7/messages/8"))
                .as("the edit waits for a slot")
                .isZero();

        // Discord does not count interaction responses: they pass while the edit waits
        assertThat(call("POST", "interactions/123/interaction-token/callback")).isEqualTo(204);
        assertThat(call("PATCH", "webhooks/456/interaction-token/messages/@original"))
                .isEqualTo(204);
        // typing is cosmetic: answered as done without reaching Discord
        assertThat(call("POST", "channels/7/typing")).isEqualTo(204);
        assertThat(reached("channels/7/typing")).isZero();
        assertThat(edit).isNotDone();

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(edit.get(10, TimeUnit.SECONDS)).isEqualTo(204);
        assertThat(reached("channels/7/messages/8")).isOne();
        // a slot is free again and nobody waits: typing goes out
        assertThat(call("POST", "channels/7/typing")).isEqualTo(204);
        assertThat(reached("channels/7/typing")).isOne();
        assertThat(reached("interactions/123/interaction-token/callback")).isOne();
    }
}
