package dev.cozebridge.conversation;

import static dev.cozebridge.conversation.EngineFixture.ALICE;
import static dev.cozebridge.conversation.EngineFixture.BOB;
import static dev.cozebridge.conversation.EngineFixture.key;
import static dev.cozebridge.conversation.ReplyStreamerTest.assertSpaced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.fakes.RecordingPlatform.Call;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.coze.Script.KnowledgeChunk;
import dev.cozebridge.platform.PlatformLimits;
import dev.cozebridge.store.StoredTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming reply engine end to end: FakeCoze through CozeClient, H2, the recording platform. */
class ReplyEngineTest {

    @TempDir
    Path dir;

    EngineFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private void idle(String scope) throws InterruptedException {
        assertThat(f.service.awaitIdle(key(scope), Duration.ofSeconds(30))).isTrue();
    }

    private StoredTurn lastAssistant(String scope) {
        return f.store.turns(key(scope)).stream()
                .filter(t -> t.role() == Role.ASSISTANT)
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    /**
     * A first write and a final one, fewer writes than deltas, and no two closer than the interval: how many there
     * are in between depends on how long the stream took, which a loaded machine stretches, so it is not fixed.
     */
    private static void assertCoalesced(List<Call> writes, Duration interval, int deltas) {
        assertThat(writes.size()).isGreaterThanOrEqualTo(2).isLessThan(deltas);
        assertSpaced(writes, interval);
    }

    private static String words(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append("word").append(i).append(' ');
        }
        return text.toString().strip();
    }

    @Test
    void writesKeepTheReplyAndChannelIntervalsHoweverFastDeltasCome() throws Exception {
        Duration replyInterval = Duration.ofMillis(120);
        Duration channelInterval = Duration.ofMillis(70);
        f = new EngineFixture(dir);
        f.limits = new PlatformLimits(2000, replyInterval, channelInterval, null);
        f.start();
        String answer = words(100);
        f.coze.defaultScript(chat -> Script.answer(answer).deltas(100).pace(Duration.ofMillis(3)));
        // two conversations (forum topics) that share one channel
        ReplyTarget channel = ReplyTarget.channel("chat-1");
        ConversationKey topicA = key("chat-1:a");
        ConversationKey topicB = key("chat-1:b");
        f.service.accept(f.message(topicA, "1", ALICE, "a", channel, true, List.of("chat-1")));
        f.service.accept(f.message(topicB, "2", BOB, "b", channel, true, List.of("chat-1")));
        assertThat(f.service.awaitIdle(topicA, Duration.ofSeconds(30))).isTrue();
        assertThat(f.service.awaitIdle(topicB, Duration.ofSeconds(30))).isTrue();

        List<Call> writes = f.platform.writes("chat-1");
        assertSpaced(writes, channelInterval);
        Map<String, List<Call>> perMessage = writes.stream().collect(Collectors.groupingBy(Call::messageId));
        assertThat(perMessage).hasSize(2);
        perMessage.values().forEach(reply -> assertSpaced(reply, replyInterval));
        // coalesced: 100 deltas become far fewer writes, one per interval at most however long the stream took
        perMessage.values().forEach(reply -> assertCoalesced(reply, replyInterval, 100));
        assertThat(f.platform.messages("chat-1")).containsExactly(answer, answer);
        assertThat(f.metrics.count("delta")).isEqualTo(200);
    }

    @Test
    void aHundredDeltasBecomeFewEditsEndingWithTheFullText() throws Exception {
        f = new EngineFixture(dir);
        f.limits = new PlatformLimits(2000, Duration.ofMillis(100), Duration.ZERO, null);
        f.start();
        String answer = words(100);
        f.coze.enqueue(Script.answer(answer).deltas(100).pace(Duration.ofMillis(5)));
        f.service.accept(f.message("c1", ALICE, "go"));
        idle("c1");
        List<Call> writes = f.platform.writes("c1");
        assertThat(writes.getFirst().kind()).isEqualTo(RecordingPlatform.Kind.SEND);
        assertCoalesced(writes, Duration.ofMillis(100), 100);
        assertThat(writes.getLast().text()).isEqualTo(answer);
        // the first message goes out without the marker (its id is not recorded yet); every edit until the last has it
        assertThat(writes.getFirst().text()).doesNotEndWith("▌");
        assertThat(writes.subList(1, writes.size() - 1))
                .allSatisfy(w -> assertThat(w.text()).endsWith(" ▌"));
        assertThat(lastAssistant("c1").status()).isEqualTo(TurnStatus.COMPLETE);
        assertThat(lastAssistant("c1").text()).isEqualTo(answer);
        assertThat(lastAssistant("c1").usage().totalTokens()).isPositive();
        assertThat(f.metrics.replies()).containsExactly(TurnStatus.COMPLETE);
        assertThat(f.metrics.count("delta")).isEqualTo(100);
        assertThat(f.metrics.count("firstDelta")).isEqualTo(1);
        assertThat(f.metrics.count("write.send") + f.metrics.count("write.edit"))
                .isEqualTo(writes.size());
        assertThat(f.metrics.count("tokens"))
                .isEqualTo(lastAssistant("c1").usage().totalTokens());
    }

    @Test
    void aTenThousandCharacterAnswerIsSplitWithFencesClosedAndLinksWhole() throws Exception {
        f = new EngineFixture(dir).start();
        StringBuilder answer = new StringBuilder();
        int block = 0;
        while (answer.length() < 10_000) {
            answer.append("Paragraph ")
                    .append(block)
                    .append(" with a [link number ")
                    .append(block)
                    .append("](https://example.com/docs/page-")
                    .append(block)
                    .append(") inside it. ")
                    .append(words(30))
                    .append("\n\n```python\n");
            for (int i = 0; i < 12; i++) {
                answer.append("print('line ")
                        .append(block)
                        .append('-')
                        .append(i)
                        .append("')\n");
            }
            answer.append("```\n\n");
            block++;
        }
        String text = answer.toString().strip();
        f.coze.enqueue(Script.answer(text).deltas(200).pace(Duration.ofMillis(1)));
        f.service.accept(f.message("c1", ALICE, "long please"));
        idle("c1");
        List<String> messages = f.platform.messages("c1");
        assertThat(messages.size()).isBetween(6, 9);
        Pattern fence = Pattern.compile("(?m)^```");
        for (String m : messages) {
            assertThat(m.length()).isLessThanOrEqualTo(2000);
            assertThat(fence.matcher(m).results().count() % 2)
                    .as("balanced fences in %s", m)
                    .isZero();
            assertThat(m).doesNotContain("▌");
        }
        String all = String.join("\n", messages);
        for (int b = 0; b < block; b++) {
            assertThat(all).contains("[link number " + b + "](https://example.com/docs/page-" + b + ")");
            for (int i = 0; i < 12; i++) {
                assertThat(all).contains("print('line " + b + "-" + i + "')");
            }
        }
        assertThat(lastAssistant("c1").text()).isEqualTo(text);
        assertThat(lastAssistant("c1").messages()).hasSize(messages.size());
    }

    @Test
    void footnotesAreDeduplicatedInRecallOrderWithLinks() throws Exception {
        f = new EngineFixture(dir).start();
        f.coze.enqueue(Script.answer("Tea is good.")
                .knowledge(List.of(
                        KnowledgeChunk.web("d1", "Tea guide", "https://example.com/tea", 0.9),
                        KnowledgeChunk.file("d2", "brewing.pdf", 0.8),
                        KnowledgeChunk.web("d1", "Tea guide", "https://example.com/tea", 0.7))));
        f.service.accept(f.message("c1", ALICE, "tea?"));
        idle("c1");
        assertThat(f.platform.messages("c1"))
                .containsExactly("Tea is good.\n\nSources:\n1. [Tea guide](https://example.com/tea)\n2. brewing.pdf");
        StoredTurn turn = lastAssistant("c1");
        assertThat(turn.citations()).extracting(c -> c.documentId()).containsExactly("d1", "d2");
        assertThat(turn.text()).isEqualTo("Tea is good.");
    }

    @Test
    void aMidStreamFailureKeepsThePartialTextWithOneNoticeAndStoresPartial() throws Exception {
        f = new EngineFixture(dir).start();
        f.coze.enqueue(
                Script.answer("The first half and the second half").deltas(4).midStreamError(5000, "boom", 2));
        f.service.accept(f.message("c1", ALICE, "go"));
        idle("c1");
        List<String> messages = f.platform.messages("c1");
        assertThat(messages).hasSize(1);
        assertThat(messages.getFirst())
                .startsWith("The first half")
                .endsWith("\n\n_" + Sentences.failure(FailureKind.SERVER_ERROR) + "_");
        StoredTurn turn = lastAssistant("c1");
        assertThat(turn.status()).isEqualTo(TurnStatus.PARTIAL);
        assertThat(messages.getFirst()).startsWith(turn.text());
        assertThat(f.metrics.cozeErrors()).containsExactly(5000);
    }

    @Test
    void aFailureBeforeAnyTextSendsOnlyTheNoticeAndStoresFailed() throws Exception {
        f = new EngineFixture(dir).start();
        f.coze.enqueue(Script.jsonError(200, 4200, "bot not found"));
        f.service.accept(f.message("c1", ALICE, "go"));
        idle("c1");
        assertThat(f.platform.messages("c1")).containsExactly("_" + Sentences.failure(FailureKind.BOT_NOT_FOUND) + "_");
        assertThat(lastAssistant("c1").status()).isEqualTo(TurnStatus.FAILED);
        assertThat(f.store.turns(key("c1")).getFirst().status()).isEqualTo(TurnStatus.FAILED);
    }

    @Test
    void aCutStreamIsFinalizedWithTheCutNotice() throws Exception {
        f = new EngineFixture(dir).start();
        f.coze.enqueue(Script.answer("one two three four").deltas(4).cutAfter(2));
        f.service.accept(f.message("c1", ALICE, "go"));
        idle("c1");
        assertThat(f.platform.messages("c1").getFirst())
                .endsWith("_" + Sentences.failure(FailureKind.STREAM_CUT) + "_");
        assertThat(lastAssistant("c1").status()).isEqualTo(TurnStatus.PARTIAL);
    }

    @Test
    void rateLimitedWritesAreWaitedOutAndTheFinalTextIsDelivered() throws Exception {
        f = new EngineFixture(dir).start();
        Duration retryAfter = Duration.ofMillis(150);
        f.platform.rateLimitNext(3, retryAfter);
        f.coze.enqueue(Script.answer(words(20)).deltas(20).pace(Duration.ofMillis(5)));
        f.service.accept(f.message("c1", ALICE, "go"));
        idle("c1");
        List<Call> attempts = f.platform.attempts();
        assertThat(attempts.subList(0, 3)).allMatch(Call::rejected);
        assertSpaced(attempts.subList(0, 4), retryAfter);
        assertThat(f.platform.messages("c1")).containsExactly(words(20));
        assertThat(f.metrics.count("rateLimited")).isEqualTo(3);
    }

    @Test
    void typingIsShownWhileWaitingForTheFirstText() throws Exception {
        f = new EngineFixture(dir);
        f.limits = new PlatformLimits(2000, Duration.ZERO, Duration.ZERO, Duration.ofMillis(50));
        f.start();
        f.coze.enqueue(Script.answer("late").deltas(1).pace(Duration.ofMillis(300)));
        f.service.accept(f.message("c1", ALICE, "go"));
        idle("c1");
        List<Call> calls = f.platform.calls();
        long typingBeforeText = calls.stream()
                .takeWhile(c -> c.kind() == RecordingPlatform.Kind.TYPING)
                .count();
        assertThat(typingBeforeText).isGreaterThanOrEqualTo(2);
        assertThat(f.platform.messages("c1")).containsExactly("late");
    }

    @Test
    void draftsPreviewAndTheFinalTextIsSentOnce() throws Exception {
        f = new EngineFixture(dir).start();
        f.platform.enableDrafts(true);
        f.coze.enqueue(Script.answer(words(30)).deltas(30).pace(Duration.ofMillis(5)));
        ReplyTarget dm = new ReplyTarget("dm-1", null, null, null, true);
        f.service.accept(f.message(key("dm-1"), "1", ALICE, "hi", dm, false, List.of("dm-1")));
        assertThat(f.service.awaitIdle(key("dm-1"), Duration.ofSeconds(20))).isTrue();
        Map<RecordingPlatform.Kind, Long> kinds =
                f.platform.writes("dm-1").stream().collect(Collectors.groupingBy(Call::kind, Collectors.counting()));
        assertThat(kinds.get(RecordingPlatform.Kind.DRAFT)).isPositive();
        assertThat(kinds.get(RecordingPlatform.Kind.SEND)).isEqualTo(1);
        assertThat(kinds).doesNotContainKey(RecordingPlatform.Kind.EDIT);
        assertThat(f.platform.messages("dm-1")).containsExactly(words(30));
    }

    @Test
    void aGoneChannelStopsTheReplyButKeepsTheHistory() throws Exception {
        f = new EngineFixture(dir).start();
        f.platform.goneNext(1);
        f.service.accept(f.message("c1", ALICE, "hi"));
        idle("c1");
        assertThat(f.platform.messages("c1")).isEmpty();
        assertThat(lastAssistant("c1").text()).isEqualTo("You said: hi");
        assertThat(lastAssistant("c1").status()).isEqualTo(TurnStatus.COMPLETE);
    }
}
