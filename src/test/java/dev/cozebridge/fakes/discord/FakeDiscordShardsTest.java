package dev.cozebridge.fakes.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's shard routing on its own: raw gateway sessions and raw HTTP, no JDA in between. */
class FakeDiscordShardsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<RawSession> opened = new ArrayList<>();
    private FakeDiscord discord;

    @BeforeEach
    void start() {
        discord = FakeDiscord.start();
    }

    @AfterEach
    void stop() {
        opened.forEach(RawSession::close);
        discord.close();
    }

    @Test
    void theTwoGuildsLandOnDifferentShardsOfTwo() {
        assertThat(FakeDiscord.shardOf(discord.guildId(), 2)).isZero();
        assertThat(FakeDiscord.shardOf(discord.secondGuildId(), 2)).isEqualTo(1);
        // Discord's formula on the raw snowflake
        assertThat((Long.parseLong(discord.secondGuildId()) >> 22) % 2).isEqualTo(1);
    }

    @Test
    void gatewayBotRecommendsTheShardCountTheTestSet() throws Exception {
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(discord.apiUrl() + "gateway/bot"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        discord.recommendShards(2);
        discord.maxConcurrency(2);
        JsonNode body = gatewayBot();
        assertThat(body.path("url").asText()).isEqualTo(discord.gatewayUrl());
        assertThat(body.path("shards").asInt()).isEqualTo(2);
        JsonNode limit = body.path("session_start_limit");
        assertThat(limit.path("total").asInt()).isEqualTo(1000);
        assertThat(limit.path("remaining").asInt()).isEqualTo(1000);
        assertThat(limit.path("reset_after").asLong()).isPositive();
        assertThat(limit.path("max_concurrency").asInt()).isEqualTo(2);

        identify(new int[] {0, 2}).awaitReady();
        assertThat(gatewayBot().path("session_start_limit").path("remaining").asInt())
                .isEqualTo(999);
    }

    @Test
    void guildEventsGoOnlyToTheGuildsShardAndDmsOnlyToShardZero() {
        RawSession zero = identify(new int[] {0, 2});
        RawSession one = identify(new int[] {1, 2});
        RawSession zeroAgain = identify(new int[] {0, 2});
        for (RawSession session : List.of(zero, one, zeroAgain)) {
            session.awaitReady();
        }
        assertThat(zero.readyGuilds()).containsExactly(discord.guildId());
        assertThat(zero.guildCreates()).containsExactly(discord.guildId());
        assertThat(one.readyGuilds()).containsExactly(discord.secondGuildId());
        assertThat(one.guildCreates()).containsExactly(discord.secondGuildId());

        String inFirst = discord.post(discord.alice(), discord.general(), "first guild");
        String inSecond = discord.post(discord.alice(), discord.secondGeneral(), "second guild");
        String dm = discord.dm(discord.alice(), "a DM");
        String secondAgain = discord.post(discord.bob(), discord.secondGeneral(), "second guild again");
        String firstAgain = discord.post(discord.bob(), discord.general(), "first guild again");

        // each session gets its events in order, so the last one it should see proves nothing else came before
        for (RawSession session : List.of(zero, zeroAgain)) {
            await().until(() -> session.messageIds().contains(firstAgain));
            assertThat(session.messageIds()).containsExactly(inFirst, dm, firstAgain);
        }
        await().until(() -> one.messageIds().contains(secondAgain));
        assertThat(one.messageIds()).containsExactly(inSecond, secondAgain);
    }

    @Test
    void withoutAShardTheSessionIsShardZeroOfOneAndGetsEveryGuild() {
        RawSession only = identify(null);
        only.awaitReady();
        assertThat(only.readyGuilds()).containsExactlyInAnyOrder(discord.guildId(), discord.secondGuildId());
        assertThat(discord.identifiedShards()).containsExactly(List.of(0, 1));
    }

    @Test
    void aBadShardIsClosedWith4010InvalidShard() {
        for (Object shard : List.of(new int[] {2, 2}, new int[] {-1, 2}, new int[] {0, 0}, "zero")) {
            RawSession refused = identify(shard);
            await().until(() -> refused.closeCode.isDone());
            assertThat(refused.closeCode.join()).as("shard %s", shard).isEqualTo(4010);
            assertThat(refused.closeReason).isEqualTo("Invalid shard.");
        }
    }

    @Test
    void aTotalOtherThanTheOpenSessionsOneIsRefused() {
        RawSession zero = identify(new int[] {0, 2});
        zero.awaitReady();
        RawSession otherTotal = identify(new int[] {1, 3});
        await().until(() -> otherTotal.closeCode.isDone());
        assertThat(otherTotal.closeCode.join()).isEqualTo(4010);

        zero.close();
        await().until(() -> zero.closeCode.isDone());
        // resharding once the old sessions are gone is fine
        RawSession resharded = identify(new int[] {1, 3});
        resharded.awaitReady();
    }

    private JsonNode gatewayBot() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(discord.apiUrl() + "gateway/bot"))
                        .header("Authorization", "Bot " + discord.token())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Opens a session and identifies with {@code shard} ({@code int[]}, anything else as a string, or none). */
    private RawSession identify(Object shard) {
        RawSession session = new RawSession();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(discord.gatewayUrl() + "?v=10&encoding=json"), session)
                .join();
        session.socket = socket;
        opened.add(session);
        ObjectNode d = json.createObjectNode().put("token", discord.token()).put("intents", 1 | 1 << 9 | 1 << 12);
        if (shard instanceof int[] pair) {
            d.putArray("shard").add(pair[0]).add(pair[1]);
        } else if (shard != null) {
            d.put("shard", shard.toString());
        }
        ObjectNode frame = json.createObjectNode().put("op", 2);
        frame.set("d", d);
        socket.sendText(frame.toString(), true).join();
        return session;
    }

    /** A gateway client that records what the fake sends. */
    private final class RawSession implements WebSocket.Listener {
        final List<JsonNode> dispatches = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        volatile String closeReason;
        volatile WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = json.readTree(partial.toString());
                    if (frame.path("op").asInt() == 0) {
                        dispatches.add(frame);
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }

        void awaitReady() {
            await().until(() ->
                    closeCode.isDone() || guildCreates().size() == readyGuilds().size() && ready());
            assertThat(closeCode).as("closed by the fake").isNotDone();
        }

        private boolean ready() {
            return dispatches.stream().anyMatch(d -> d.path("t").asText().equals("READY"));
        }

        List<String> readyGuilds() {
            List<String> ids = new ArrayList<>();
            dispatches.stream()
                    .filter(d -> d.path("t").asText().equals("READY"))
                    .forEach(d -> d.path("d")
                            .path("guilds")
                            .forEach(g -> ids.add(g.path("id").asText())));
            return ids;
        }

        List<String> guildCreates() {
            return ofType("GUILD_CREATE").stream()
                    .map(d -> d.path("id").asText())
                    .toList();
        }

        List<String> messageIds() {
            return ofType("MESSAGE_CREATE").stream()
                    .map(d -> d.path("id").asText())
                    .toList();
        }

        private List<JsonNode> ofType(String type) {
            return dispatches.stream()
                    .filter(d -> d.path("t").asText().equals(type))
                    .map(d -> d.path("d"))
                    .toList();
        }

        void close() {
            WebSocket current = socket;
            if (current != null && !current.isOutputClosed()) {
                current.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            }
        }
    }
}
