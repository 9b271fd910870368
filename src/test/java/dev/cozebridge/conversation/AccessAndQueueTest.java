package dev.cozebridge.conversation;

import static dev.cozebridge.conversation.EngineFixture.ALICE;
import static dev.cozebridge.conversation.EngineFixture.BOB;
import static dev.cozebridge.conversation.EngineFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.config.BotSettings.AccessSettings;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.platform.InboundSink.Acceptance;
import dev.cozebridge.store.StoredTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allow/deny lists, the per-user rate limit and the bounded conversation queue, end to end. */
class AccessAndQueueTest {

    @TempDir
    Path dir;

    EngineFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void denyListsWinAndAllowListsRestrict() throws Exception {
        f = new EngineFixture(dir);
        f.access = new AccessSettings(Set.of(), Set.of(BOB.id()), Set.of("guild-1"), Set.of("c-banned"), 0, 5);
        f.start();
        ReplyTarget target = ReplyTarget.channel("c1");
        assertThat(f.service.accept(f.message(key("c1"), "1", BOB, "hi", target, false, List.of("c1", "guild-1"))))
                .isEqualTo(Acceptance.DENIED);
        assertThat(f.service.accept(f.message(key("c1"), "2", ALICE, "hi", target, false, List.of("c1", "guild-2"))))
                .isEqualTo(Acceptance.DENIED);
        assertThat(f.service.accept(f.message(
                        key("c-banned"),
                        "3",
                        ALICE,
                        "hi",
                        ReplyTarget.channel("c-banned"),
                        false,
                        List.of("c-banned", "guild-1"))))
                .isEqualTo(Acceptance.DENIED);
        assertThat(f.service.accept(f.message(key("c1"), "4", ALICE, "hi", target, false, List.of("c1", "guild-1"))))
                .isEqualTo(Acceptance.QUEUED);
        assertThat(f.service.awaitIdle(key("c1"), Duration.ofSeconds(20))).isTrue();
        assertThat(f.coze.chats()).hasSize(1);
        assertThat(f.platform.messages("c1")).containsExactly("You said: hi");
        assertThat(f.platform.messages("c-banned")).isEmpty();
        assertThat(f.service.allowed(EngineFixture.BOT, BOB, List.of("guild-1")))
                .isFalse();
        assertThat(f.service.allowed(EngineFixture.BOT, ALICE, List.of("guild-1")))
                .isTrue();
    }

    @Test
    void aUserOverTheirPerMinuteRateGetsAPoliteNotice() throws Exception {
        f = new EngineFixture(dir);
        f.access = new AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 2, 5);
        f.start();
        assertThat(f.service.accept(f.message("c1", ALICE, "one"))).isEqualTo(Acceptance.QUEUED);
        assertThat(f.service.accept(f.message("c1", ALICE, "two"))).isEqualTo(Acceptance.QUEUED);
        assertThat(f.service.accept(f.message("c2", ALICE, "three"))).isEqualTo(Acceptance.USER_RATE_LIMITED);
        // a flood gets one notice, not one per message
        assertThat(f.service.accept(f.message("c2", ALICE, "again"))).isEqualTo(Acceptance.USER_RATE_LIMITED);
        // another user is not affected
        assertThat(f.service.accept(f.message("c2", BOB, "four"))).isEqualTo(Acceptance.QUEUED);
        assertThat(f.service.awaitIdle(key("c1"), Duration.ofSeconds(20))).isTrue();
        assertThat(f.service.awaitIdle(key("c2"), Duration.ofSeconds(20))).isTrue();
        // the notice says how long to wait: the oldest of the two messages leaves the minute's window in ~60 s
        String notice = "_" + Sentences.en(Text.NOTICE_RATE_LIMITED, "SECONDS") + "_";
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(f.platform.messages("c2"))
                        .hasSize(2)
                        .contains("You said: four")
                        .anySatisfy(m -> assertThat(m)
                                .matches(java.util.regex.Pattern.quote(notice)
                                        .replace("SECONDS", "\\E(5[0-9]|60)\\Q"))));
        // the refused messages are kept in the history as REFUSED turns
        assertThat(f.store.turns(key("c2")))
                .filteredOn(t -> t.status() == TurnStatus.REFUSED)
                .extracting(StoredTurn::text)
                .containsExactly("three", "again");
        assertThat(f.coze.chats()).hasSize(3);
    }

    @Test
    void aFullConversationQueueAnswersBusyInsteadOfGrowing() throws Exception {
        f = new EngineFixture(dir);
        f.access = new AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 0, 1);
        f.start();
        f.coze.enqueue(Script.answer("slow first answer").deltas(5).pace(Duration.ofMillis(150)));
        assertThat(f.service.accept(f.message("c1", ALICE, "one"))).isEqualTo(Acceptance.QUEUED);
        f.coze.awaitChats(1);
        assertThat(f.service.accept(f.message("c1", BOB, "two"))).isEqualTo(Acceptance.QUEUED);
        assertThat(f.service.accept(f.message("c1", BOB, "three"))).isEqualTo(Acceptance.BUSY);
        assertThat(f.service.awaitIdle(key("c1"), Duration.ofSeconds(20))).isTrue();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> f.platform.messages("c1").size() == 3);
        assertThat(f.platform.messages("c1"))
                .contains("_" + Sentences.en(Text.NOTICE_BUSY) + "_", "slow first answer", "You said: two");
        assertThat(f.coze.chats()).extracting(c -> c.lastUserText()).containsExactly("one", "two");
    }
}
