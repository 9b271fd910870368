package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.fakes.RecordingMetrics;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.JdbcPlatformStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** send, edit, typing and drafts through real TelegramBots against the strict fake. */
class TelegramAdapterOutboundTest {

    private final FakeTelegram fake = FakeTelegram.start(TelegramTestSetup.fakeSettings());
    private final FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");
    private final FakeTelegram.Chat chat = fake.privateChat(alice);
    private final int question = fake.userSays(chat, alice, "a question");
    private final ReplyTarget target = new ReplyTarget("555", null, Integer.toString(question), null, true);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final Database database;
    private final TelegramAdapter adapter;

    TelegramAdapterOutboundTest(@TempDir Path folder) {
        database = Database.open("jdbc:h2:file:" + folder.resolve("bridge"));
        adapter = new TelegramAdapter(
                TelegramTestSetup.bot(fake, true, false),
                new JdbcPlatformStateStore(new Jdbc(database.dataSource())),
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Clock.systemUTC(),
                metrics,
                TelegramTestSetup.tuning());
    }

    @AfterEach
    void close() {
        adapter.stop();
        fake.close();
        database.close();
    }

    @Test
    void aGroupIsPacedAtItsBudgetsSteadyRateAndAPrivateChatAtOneASecond() {
        TelegramAdapter defaults = new TelegramAdapter(
                TelegramTestSetup.bot(fake, true, false),
                new JdbcPlatformStateStore(new Jdbc(database.dataSource())),
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Clock.systemUTC(),
                metrics,
                TelegramTuning.DEFAULT);
        // 20 writes a minute in a group: the core waits 3 s before it picks the text, so the text is fresh
        assertThat(defaults.channelInterval("-1001234")).isEqualTo(Duration.ofSeconds(3));
        assertThat(defaults.channelInterval("555")).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.channelInterval("not-a-chat")).isEqualTo(Duration.ofSeconds(1));
        // the shrunk test pace is faster than the core's 1 s floor, which then holds
        assertThat(adapter.channelInterval("-1001234")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void limitsAndMarkupAreTelegrams() {
        assertThat(adapter.platform()).isEqualTo("telegram");
        assertThat(adapter.limits().maxMessageLength()).isEqualTo(4096);
        assertThat(adapter.limits().minReplyInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(adapter.limits().typingRenewal()).isEqualTo(Duration.ofSeconds(4));
        assertThat(adapter.markup().streamingMarker()).isEqualTo(" ▌");
    }

    @Test
    void sendRepliesInHtmlAndEditReplacesTheText() {
        MessageRef ref = adapter.send(target, "Hello **there** ▌");
        assertThat(ref.channelId()).isEqualTo("555");
        adapter.edit(ref, "Hello **there**, all done. 1 < 2 & 3 > 2");
        // Same text again: Telegram says "not modified", which is success.
        adapter.edit(ref, "Hello **there**, all done. 1 < 2 & 3 > 2");

        assertThat(fake.sent(chat)).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(Integer.parseInt(ref.messageId()));
            assertThat(m.replyTo()).isEqualTo(question);
            assertThat(m.parseMode()).isEqualToIgnoringCase("HTML");
            assertThat(m.entityTypes()).containsExactly("bold");
            assertThat(m.versions()).containsExactly("Hello there ▌", "Hello there, all done. 1 < 2 & 3 > 2");
        });
        assertThat(fake.calls("editMessageText"))
                .extracting(FakeTelegram.Call::status)
                .containsExactly(200, 400);
        assertThat(fake.calls("sendMessage")
                        .getFirst()
                        .params()
                        .path("reply_parameters")
                        .path("allow_sending_without_reply")
                        .asBoolean())
                .isTrue();
        // The core counts the writes it asks for; the adapter must not count them twice.
        assertThat(metrics.writes()).isEmpty();
    }

    @Test
    void aReplyToADeletedMessageStillArrives() {
        ReplyTarget gone = new ReplyTarget("555", null, "9999", null, true);
        adapter.send(gone, "still delivered");
        assertThat(fake.sent(chat))
                .singleElement()
                .satisfies(m -> assertThat(m.replyTo()).isNull());
    }

    @Test
    void rejectedEntitiesFallBackToPlainText() {
        fake.injectEntityRejection(2);
        MessageRef ref = adapter.send(target, "**bold** and `code`");
        adapter.edit(ref, "**bold** and `code` and more");
        assertThat(fake.sent(chat)).singleElement().satisfies(m -> {
            assertThat(m.parseMode()).isNull();
            assertThat(m.versions()).containsExactly("bold and code", "bold and code and more");
        });
    }

    @Test
    void rateLimitsBecomeRetryAfter() {
        fake.inject429(1, 3);
        assertThatThrownBy(() -> adapter.send(target, "hi")).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.kind()).isEqualTo(PlatformException.Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        });
        assertThat(metrics.count("rateLimited")).isZero();
        assertThat(fake.sent(chat)).isEmpty();
    }

    @Test
    void goneMessagesChatsAndBlocksStopTheReply() {
        // an edit Telegram refuses concerns that message only: the chat stays writable
        assertThatThrownBy(() -> adapter.edit(new MessageRef("555", "4242"), "x"))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PlatformException.Kind.MESSAGE_GONE);
                    assertThat(e.getMessage())
                            .contains("message to edit not found")
                            .doesNotContain(fake.token());
                });
        assertThatThrownBy(() -> adapter.send(ReplyTarget.channel("-999"), "x"))
                .isInstanceOfSatisfying(
                        PlatformException.class, e -> assertThat(e.kind()).isEqualTo(PlatformException.Kind.GONE));
        fake.blockBot(chat);
        assertThatThrownBy(() -> adapter.send(target, "x")).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.kind()).isEqualTo(PlatformException.Kind.GONE);
            assertThat(e.getMessage()).contains("bot was blocked by the user");
        });
    }

    @Test
    void otherFailuresAreFailedAndNeverCarryTheToken() {
        assertThatThrownBy(() -> adapter.send(target, "   "))
                .isInstanceOfSatisfying(
                        PlatformException.class, e -> assertThat(e.kind()).isEqualTo(PlatformException.Kind.FAILED));
        fake.close();
        assertThatThrownBy(() -> adapter.send(target, "hello")).isInstanceOfSatisfying(PlatformException.class, e -> {
            assertThat(e.kind()).isEqualTo(PlatformException.Kind.FAILED);
            assertThat(e.getMessage()).doesNotContain(fake.token()).doesNotContain("AAHfakeSecret");
            assertThat(e.getCause()).isNull();
        });
    }

    @Test
    void typingAndDrafts() {
        adapter.typing(target);
        assertThat(fake.calls("sendChatAction"))
                .singleElement()
                .satisfies(c -> assertThat(c.params().path("action").asText()).isEqualTo("typing"));
        assertThat(adapter.draftsFor(target)).isTrue();
        assertThat(adapter.draftsFor(ReplyTarget.channel("-100"))).isFalse();
        adapter.draft(target, 1L << 32, "Thinking about **it** ▌");
        adapter.draft(target, 1L << 32, "");
        assertThat(fake.drafts(chat)).containsExactly("Thinking about it ▌", "");
        assertThat(fake.calls("sendMessageDraft"))
                .allSatisfy(c -> assertThat(c.params().path("draft_id").asInt()).isNotZero());
        assertThat(fake.sent(chat)).isEmpty();
    }

    @Test
    void groupWritesWaitForRoomInsteadOfProvoking429() {
        FakeTelegram.Chat group = fake.group(-77, "Busy group");
        long start = System.nanoTime();
        int writes = TelegramTestSetup.GROUP_COUNT * 2;
        for (int i = 0; i < writes; i++) {
            adapter.send(ReplyTarget.channel("-77"), "message " + i);
        }
        assertThat(fake.sent(group)).hasSize(writes);
        assertThat(fake.served429()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TelegramTestSetup.GROUP_WINDOW);
    }
}
