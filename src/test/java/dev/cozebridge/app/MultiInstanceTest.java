package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.StoredTurn;
import dev.cozebridge.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two bridge instances in one JVM on one PostgreSQL, behind FakeTelegram's round-robin webhook proxy: every message
 * is answered exactly once, in order per chat, by whichever instance holds the chat's lease, and the history read
 * back from the shared store is continuous; a lease a dead instance left behind is taken over once it expires.
 */
class MultiInstanceTest {

    private static final int CHATS = 8;
    private static final int MESSAGES = 4;

    @TempDir
    Path dir;

    private final FakeTelegram telegram =
            FakeTelegram.start(FakeTelegram.Settings.defaults().withWebhookRetry(Duration.ofMillis(100)));
    private final FakeCoze coze = FakeCoze.start();
    private WebhookBridges bridges;

    @BeforeEach
    void setUp() {
        bridges = new WebhookBridges(dir, telegram, coze, TestDatabases.freshPostgres());
        coze.defaultScript(
                chat -> Script.answer("Answer to " + chat.lastUserText()).deltas(3));
    }

    @AfterEach
    void tearDown() {
        bridges.close();
        telegram.close();
        coze.close();
    }

    @Test
    void eightChatsOfFourMessagesOverTwoInstancesAreEachAnsweredOnceInOrderWithContinuousHistory() throws Exception {
        App first = bridges.start();
        App second = bridges.start();
        telegram.reverseProxy(WebhookBridges.PUBLIC, WebhookBridges.base(first), WebhookBridges.base(second));
        first.startPlatforms();
        second.startPlatforms();
        List<FakeTelegram.Chat> chats = IntStream.range(0, CHATS)
                .mapToObj(i -> telegram.privateChat(FakeTelegram.User.human(600 + i, "User" + i, "user" + i)))
                .toList();

        // interleaved: every chat's first message, then every chat's second, ... as a busy bot sees them
        for (int m = 0; m < MESSAGES; m++) {
            for (int c = 0; c < CHATS; c++) {
                telegram.userSays(chats.get(c), chats.get(c).peer(), question(c, m));
            }
        }

        for (int c = 0; c < CHATS; c++) {
            FakeTelegram.Chat chat = chats.get(c);
            List<String> expected = IntStream.range(0, MESSAGES)
                    .mapToObj(m -> "Answer to " + question(chat, m))
                    .toList();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(telegram.sent(chat))
                            .extracting(FakeTelegram.SentMessage::text)
                            .containsExactlyElementsOf(expected));
        }
        HistoryStore history = bridges.history();
        await().until(() -> history.queue().depth(WebhookBridges.BOT, "telegram") == 0);
        // nothing is left to answer, so nothing more can come: each question reached Coze exactly once
        Map<String, Long> asked =
                coze.chats().stream().collect(Collectors.groupingBy(RecordedChat::lastUserText, Collectors.counting()));
        assertThat(asked)
                .hasSize(CHATS * MESSAGES)
                .allSatisfy((question, times) -> assertThat(times).as(question).isEqualTo(1));
        for (FakeTelegram.Chat chat : chats) {
            assertThat(telegram.sent(chat)).hasSize(MESSAGES);
            List<StoredTurn> turns = history.turns(new ConversationKey("helpdesk", "telegram", chat.id() + ""));
            assertThat(turns).extracting(StoredTurn::role).containsExactlyElementsOf(alternating());
            assertThat(turns).extracting(StoredTurn::status).containsOnly(TurnStatus.COMPLETE);
            assertThat(turns)
                    .extracting(StoredTurn::text)
                    .containsExactlyElementsOf(IntStream.range(0, MESSAGES)
                            .boxed()
                            .flatMap(m ->
                                    java.util.stream.Stream.of(question(chat, m), "Answer to " + question(chat, m)))
                            .toList());
        }
        // both instances answered, each only part of it
        double byFirst = replies(WebhookBridges.metrics(first));
        double bySecond = replies(WebhookBridges.metrics(second));
        assertThat(byFirst + bySecond).isEqualTo(CHATS * MESSAGES);
        assertThat(byFirst).isPositive();
        assertThat(bySecond).isPositive();
    }

    @Test
    void aLeaseADeadInstanceLeftIsTakenOverWhenItExpiresAndCounted() throws Exception {
        App first = bridges.start();
        App second = bridges.start();
        telegram.reverseProxy(WebhookBridges.PUBLIC, WebhookBridges.base(first), WebhookBridges.base(second));
        first.startPlatforms();
        second.startPlatforms();
        FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        // an instance that died holding the chat: its lease runs two more seconds, and nobody renews it
        Instant until = Instant.now().plusSeconds(2);
        bridges.history()
                .queue()
                .claim(new ConversationKey("helpdesk", "telegram", chat.id() + ""), "dead", Instant.now(), until);

        telegram.userSays(chat, alice, "anyone there?");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> telegram.sent(chat).size() == 1
                        && telegram.sent(chat).getFirst().text().equals("Answer to anyone there?"));
        assertThat(Instant.now())
                .as("answered only after the dead lease expired")
                .isAfter(until);
        assertThat(takeovers(WebhookBridges.metrics(first)) + takeovers(WebhookBridges.metrics(second)))
                .isEqualTo(1);
    }

    @Test
    void anInstanceStoppingForARollingRestartSendsNewUpdatesBackSoTheOtherAnswersThem() throws Exception {
        App stopping = bridges.start();
        App staying = bridges.start();
        // only the stopping instance at first, so it is the one answering the held reply
        telegram.reverseProxy(WebhookBridges.PUBLIC, WebhookBridges.base(stopping));
        stopping.startPlatforms();
        staying.startPlatforms();
        FakeTelegram.Chat held = telegram.privateChat(FakeTelegram.User.human(600, "User0", "user0"));
        CountDownLatch release = new CountDownLatch(1);
        coze.enqueue(Script.answer("The reply that finishes during the stop")
                .deltas(4)
                .holdAfter(1, release));
        telegram.userSays(held, held.peer(), "hold on");
        await().until(() -> !telegram.sent(held).isEmpty());
        telegram.reverseProxy(WebhookBridges.PUBLIC, WebhookBridges.base(stopping), WebhookBridges.base(staying));

        // SIGTERM's path: the stop waits (up to its grace) for the held reply
        Thread stop = Thread.ofPlatform().start(stopping::close);
        String webhook = WebhookBridges.base(stopping) + "/telegram/helpdesk";
        await().until(() -> post(webhook, "{not json") == 503);
        List<FakeTelegram.Chat> others = IntStream.range(1, 3)
                .mapToObj(i -> telegram.privateChat(FakeTelegram.User.human(600 + i, "User" + i, "user" + i)))
                .toList();
        for (FakeTelegram.Chat chat : others) {
            telegram.userSays(chat, chat.peer(), question(chat, 0));
        }
        for (FakeTelegram.Chat chat : others) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(telegram.sent(chat))
                            .extracting(FakeTelegram.SentMessage::text)
                            .containsExactly("Answer to " + question(chat, 0)));
        }
        // the round-robin tried the stopping instance, which sent the update back instead of a "closed" notice
        assertThat(telegram.webhookAttempts())
                .filteredOn(attempt -> attempt.target() != null
                        && attempt.target().startsWith(WebhookBridges.base(stopping))
                        && attempt.status() == 503)
                .isNotEmpty();
        release.countDown();
        stop.join(Duration.ofSeconds(30));
        assertThat(stop.isAlive()).isFalse();
        assertThat(telegram.sent(held))
                .extracting(FakeTelegram.SentMessage::text)
                .containsExactly("The reply that finishes during the stop");
    }

    private static int post(String url, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("X-Telegram-Bot-Api-Secret-Token", WebhookBridges.SECRET)
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private static String question(int chat, int message) {
        return "chat " + chat + " question " + message;
    }

    private static String question(FakeTelegram.Chat chat, int message) {
        return question((int) (chat.id() - 600), message);
    }

    private static List<Role> alternating() {
        List<Role> roles = new ArrayList<>();
        for (int m = 0; m < MESSAGES; m++) {
            roles.add(Role.USER);
            roles.add(Role.ASSISTANT);
        }
        return roles;
    }

    private static double replies(String metrics) {
        return WebhookBridges.sum(
                metrics, line -> line.startsWith("coze_bridge_replies_total{bot=\"helpdesk\",platform=\"telegram\""));
    }

    private static double takeovers(String metrics) {
        return WebhookBridges.sum(
                metrics,
                line -> line.startsWith("coze_bridge_lease_takeovers_total{bot=\"helpdesk\",platform=\"telegram\"}"));
    }
}
