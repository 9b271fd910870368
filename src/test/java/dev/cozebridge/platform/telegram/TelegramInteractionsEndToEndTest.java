package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeBotInfo;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.StoredTurn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coze's answer, natively, on Telegram (issue 12): real TelegramBots against FakeTelegram, the core on H2, the Coze
 * client against FakeCoze. Follow-up and Stop buttons as inline keyboards with callback queries, /stop, reasoning
 * and tool status while streaming, pictures by URL, the bot's shortcut commands and prologue, requires_action.
 */
class TelegramInteractionsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String LONG_ANSWER =
            "Refunds are issued to the original payment method. ".repeat(12).strip();

    private final Path folder;
    private TelegramBridge bridge;
    private FakeTelegram telegram;
    private final FakeTelegram.User alice = new FakeTelegram.User(555, "Alice", null, "alice", false);
    private final FakeTelegram.User bob = new FakeTelegram.User(666, "Bob", null, "bob", false);
    private final FakeTelegram.User carol = new FakeTelegram.User(777, "Carol", null, "carol", false);

    TelegramInteractionsEndToEndTest(@TempDir Path folder) {
        this.folder = folder;
    }

    private void start(UnaryOperator<BotSettings.Builder> settings) {
        bridge = new TelegramBridge(folder, settings);
        telegram = bridge.telegram;
    }

    private void start() {
        start(UnaryOperator.identity());
    }

    private static UnaryOperator<BotSettings.Builder> display(BotSettings.DisplaySettings display) {
        return b -> b.display(display);
    }

    @AfterEach
    void close() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private FakeTelegram.SentMessage last(FakeTelegram.Chat chat) {
        return telegram.sent(chat).getLast();
    }

    private static List<String> data(FakeTelegram.SentMessage message) {
        return message.buttons().stream().map(FakeTelegram.Button::data).toList();
    }

    private List<StoredTurn> turns(String scope) {
        return bridge.store.turns(new ConversationKey("helpdesk", "telegram", scope));
    }

    @Test
    void followUpsAreButtonsThatAnotherUserPressesToAskInTheSameConversation() {
        start();
        FakeTelegram.Chat group = telegram.supergroup(-1001, "Team");
        bridge.coze.enqueue(Script.answer("Refunds take 5 days.").followUps("How do I return?", "What about fees?"));
        telegram.userSays(group, alice, "@proto_bot how long do refunds take?");

        await().atMost(WAIT)
                .until(() -> !telegram.sent(group).isEmpty()
                        && last(group).text().equals("Refunds take 5 days.")
                        && last(group).buttons().size() == 2);
        FakeTelegram.SentMessage answer = last(group);
        assertThat(answer.buttons())
                .extracting(FakeTelegram.Button::text)
                .containsExactly("How do I return?", "What about fees?");
        assertThat(data(answer)).allSatisfy(d -> assertThat(d).startsWith("fu:").hasSizeLessThanOrEqualTo(64));

        bridge.coze.enqueue(Script.answer("Send it back within 30 days."));
        String query =
                telegram.press(group, bob, answer.messageId(), data(answer).getFirst());

        await().atMost(WAIT).until(() -> telegram.callbackAnswered(query));
        assertThat(telegram.callbackAnswer(query)).isNull();
        await().atMost(WAIT)
                .until(() ->
                        telegram.sent(group).size() == 2 && last(group).text().equals("Send it back within 30 days."));
        List<RecordedChat> chats = bridge.coze.chats();
        assertThat(chats).hasSize(2);
        assertThat(chats.get(1).lastUserText()).contains("How do I return?");
        // asked as Bob, in the same conversation: the first exchange is in its history
        assertThat(chats.get(1).userId()).isNotEqualTo(chats.get(0).userId());
        assertThat(chats.get(1).messages())
                .anySatisfy(m -> assertThat(m.content()).isEqualTo("Refunds take 5 days."));
        await().atMost(WAIT)
                .until(() -> telegram.sent(group).getFirst().buttons().isEmpty());
        assertThat(turns("-1001"))
                .filteredOn(t -> t.role() == Role.USER)
                .extracting(t -> t.author().id())
                .containsExactly("555", "666");
        assertThat(telegram.served429()).isZero();
    }

    @Test
    void longChineseAndEmojiFollowUpsFitTheKeyboardAndAPressAsksTheWholeQuestion() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        // far over 64 bytes of callback data; an emoji across units 63-64 of the label
        String longOne = "x".repeat(62) + "\uD83D\uDE00 " + "退货政策是什么？".repeat(20);
        bridge.coze.enqueue(Script.answer("Here.").followUps(longOne, "三 🎉"));
        telegram.userSays(chat, alice, "limits?");
        await().atMost(WAIT)
                .until(() -> !telegram.sent(chat).isEmpty()
                        && last(chat).text().equals("Here.")
                        && last(chat).buttons().size() == 2);
        FakeTelegram.SentMessage answer = last(chat);
        assertThat(answer.buttons())
                .extracting(FakeTelegram.Button::text)
                .containsExactly("x".repeat(62) + "…", "三 🎉");
        assertThat(data(answer))
                .allSatisfy(d ->
                        assertThat(d.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64));

        bridge.coze.enqueue(Script.answer("Thirty days."));
        String query =
                telegram.press(chat, alice, answer.messageId(), data(answer).getFirst());
        await().atMost(WAIT).until(() -> telegram.callbackAnswered(query));
        await().atMost(WAIT).until(() -> bridge.coze.chats().size() == 2);
        assertThat(bridge.coze.chats().get(1).lastUserText()).isEqualTo(longOne);
        await().atMost(WAIT)
                .until(() -> telegram.sent(chat).getFirst().buttons().isEmpty());
    }

    @Test
    void aSuggestionPressedBySomeoneTheAccessListsRefuseAsksNothing() {
        start(b -> b.access(new BotSettings.AccessSettings(Set.of(), Set.of("666"), Set.of(), Set.of(), 10, 5)));
        FakeTelegram.Chat group = telegram.supergroup(-1004, "Team");
        bridge.coze.enqueue(Script.answer("Blue.").followUps("Why blue?"));
        telegram.userSays(group, alice, "@proto_bot which colour?");
        await().atMost(WAIT)
                .until(() -> !telegram.sent(group).isEmpty()
                        && data(last(group)).stream().anyMatch(d -> d.startsWith("fu:")));
        FakeTelegram.SentMessage answer = last(group);

        String query =
                telegram.press(group, bob, answer.messageId(), data(answer).getFirst());

        await().atMost(WAIT).until(() -> telegram.callbackAnswered(query));
        assertThat(telegram.callbackAnswer(query)).isEqualTo(Sentences.en(Text.NOTICE_NOT_ALLOWED));
        assertThat(bridge.coze.chats()).hasSize(1);
        assertThat(last(group).buttons()).as("still there for the others").hasSize(1);
    }

    @Test
    void aButtonOfAnAnswerBeforeAResetAnswersWithANoticeAndAsksNothing() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Blue.").followUps("Why blue?"));
        telegram.userSays(chat, alice, "Which colour?");
        await().atMost(WAIT)
                .until(() -> !telegram.sent(chat).isEmpty()
                        && data(last(chat)).stream().anyMatch(d -> d.startsWith("fu:")));
        FakeTelegram.SentMessage answer = last(chat);

        telegram.userSays(chat, alice, "/reset");
        await().atMost(WAIT).until(() -> last(chat).text().equals(Sentences.en(Text.RESET_DONE)));
        String query =
                telegram.press(chat, alice, answer.messageId(), data(answer).getFirst());

        await().atMost(WAIT).until(() -> telegram.callbackAnswered(query));
        assertThat(telegram.callbackAnswer(query)).isEqualTo(Sentences.en(Text.NOTICE_BUTTON_EXPIRED));
        assertThat(bridge.coze.chats()).hasSize(1);
    }

    @Test
    void theAskerStopsAStreamingAnswerWithItsStopButton() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer(LONG_ANSWER).deltas(60).pace(Duration.ofMillis(150)));
        telegram.userSays(chat, alice, "Tell me about refunds");

        await().atMost(WAIT)
                .until(() -> !telegram.sent(chat).isEmpty()
                        && data(last(chat)).stream().anyMatch(d -> d.startsWith("st:")));
        FakeTelegram.SentMessage streaming = last(chat);
        assertThat(streaming.buttons())
                .singleElement()
                .satisfies(b -> assertThat(b.text()).isEqualTo(Sentences.en(Text.BUTTON_STOP)));
        String query = telegram.press(
                chat, alice, streaming.messageId(), data(streaming).getFirst());

        String stopped = Sentences.en(Text.NOTICE_STOPPED);
        await().atMost(WAIT).until(() -> last(chat).text().endsWith(stopped));
        FakeTelegram.SentMessage end = last(chat);
        String partial =
                end.text().substring(0, end.text().length() - stopped.length()).strip();
        assertThat(end.text()).doesNotContain("▌");
        assertThat(partial).isNotEmpty();
        assertThat(LONG_ANSWER).startsWith(partial).isNotEqualTo(partial);
        assertThat(end.buttons()).isEmpty();
        assertThat(telegram.callbackAnswered(query)).isTrue();
        assertThat(telegram.callbackAnswer(query)).isNull();
        // Coze was told, and the stream closed: a cancel alone does not end it
        await().atMost(WAIT).until(() -> !bridge.coze.cancels().isEmpty());
        assertThat(bridge.coze.cancels().getFirst().accepted()).isTrue();
        await().atMost(WAIT).until(() -> !bridge.coze.streams().isEmpty());
        assertThat(bridge.coze.streams().getFirst().closedByClient()).isTrue();
        await().atMost(WAIT)
                .until(() -> turns("555").stream()
                        .anyMatch(t -> t.role() == Role.ASSISTANT && t.status() == TurnStatus.CANCELLED));
        assertThat(turns("555"))
                .filteredOn(t -> t.role() == Role.ASSISTANT)
                .singleElement()
                .satisfies(t -> assertThat(LONG_ANSWER).startsWith(t.text().strip()));
    }

    @Test
    void someoneElsesStopIsRefusedAndAnAdministratorsStopCommandWorks() {
        start();
        FakeTelegram.Chat group = telegram.supergroup(-1003, "Team");
        telegram.setAdmins(group, carol);
        bridge.coze.enqueue(Script.answer(LONG_ANSWER).deltas(60).pace(Duration.ofMillis(150)));
        telegram.userSays(group, alice, "@proto_bot refunds?");
        await().atMost(WAIT)
                .until(() -> !telegram.sent(group).isEmpty()
                        && data(last(group)).stream().anyMatch(d -> d.startsWith("st:"))
                        && last(group).text().endsWith("▌"));
        FakeTelegram.SentMessage streaming = last(group);

        String refused = telegram.press(
                group, bob, streaming.messageId(), data(streaming).getFirst());
        await().atMost(WAIT).until(() -> telegram.callbackAnswered(refused));
        assertThat(telegram.callbackAnswer(refused)).isEqualTo(Sentences.en(Text.NOTICE_STOP_NOT_ALLOWED));
        assertThat(last(group).text()).endsWith("▌");

        telegram.userSays(group, carol, "/stop");
        String stopped = Sentences.en(Text.NOTICE_STOPPED);
        await().atMost(WAIT).until(() -> telegram.sent(group).getFirst().text().endsWith(stopped));
        assertThat(telegram.sent(group).getFirst().buttons()).isEmpty();
        assertThat(bridge.coze.chats()).hasSize(1);
    }

    @Test
    void stopWithNothingRunningSaysSo() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        telegram.userSays(chat, alice, "/stop");
        await().atMost(WAIT)
                .until(() -> !telegram.sent(chat).isEmpty()
                        && last(chat).text().equals(Sentences.en(Text.NOTICE_NOTHING_TO_STOP)));
    }

    @Test
    void reasoningAndToolStatusShowWhileStreamingWithTheFlagsAndLeaveTheFinalMessage() {
        BotSettings.DisplaySettings on =
                new BotSettings.DisplaySettings(true, true, true, true, 4, Duration.ofHours(1));
        start(display(on));
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Paris.")
                .tools("city_lookup")
                .thinking("The user asks", " about capitals.")
                .pace(Duration.ofSeconds(1)));
        telegram.userSays(chat, alice, "Capital of France?");

        await().atMost(WAIT)
                .until(() -> !telegram.sent(chat).isEmpty() && last(chat).text().equals("Paris."));
        List<String> versions = last(chat).versions();
        assertThat(versions).anySatisfy(v -> assertThat(v).contains("Using city_lookup…"));
        assertThat(versions).anySatisfy(v -> assertThat(v).contains("The user asks about capitals."));
        assertThat(versions.getLast()).isEqualTo("Paris.");
        assertThat(versions).noneSatisfy(v -> assertThat(v).contains("\u2063"));
        assertThat(bridge.coze.chats()).hasSize(1);
    }

    @Test
    void reasoningLongerThanAMessageShowsItsNewestPartAndTheMessageStaysWithinTheLimit() {
        BotSettings.DisplaySettings on =
                new BotSettings.DisplaySettings(true, true, true, true, 4, Duration.ofHours(1));
        start(display(on));
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        // 4 × 2,520 units of thought against Telegram's 4,096 per message; blocks of 14 units put an emoji's second
        // half exactly where a 1,023-unit tail begins, so a cut by units alone would start with half an emoji
        String[] thoughts = new String[4];
        for (int i = 0; i < thoughts.length; i++) {
            thoughts[i] = ("step " + i + " abc 🤔 ").repeat(180);
        }
        bridge.coze.enqueue(Script.answer("Forty-two.").thinking(thoughts).pace(Duration.ofMillis(700)));
        telegram.userSays(chat, alice, "The answer?");

        await().atMost(WAIT)
                .until(() -> !telegram.sent(chat).isEmpty() && last(chat).text().equals("Forty-two."));
        List<String> versions = last(chat).versions();
        assertThat(telegram.sent(chat)).hasSize(1);
        assertThat(versions).allSatisfy(v -> assertThat(v.length()).isLessThanOrEqualTo(4096));
        // the newest thought shows, cut at the front with an ellipsis, and the oldest is gone by then
        assertThat(versions)
                .anySatisfy(v ->
                        assertThat(v).contains("…").contains("step 3 abc 🤔").doesNotContain("step 0"));
        // half an emoji would reach Telegram as "?" (or U+FFFD): every version holds only whole characters
        assertThat(versions)
                .allSatisfy(v -> assertThat(v)
                        .doesNotContain("?")
                        .doesNotContain("\uFFFD")
                        .matches(
                                t -> t.codePoints()
                                        .noneMatch(
                                                cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE),
                                "whole characters only"));
        assertThat(telegram.calls("editMessageText"))
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
    }

    @Test
    void withoutTheFlagsReasoningAndToolsNeverShow() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Paris.")
                .tools("city_lookup")
                .thinking("The user asks", " about capitals.")
                .pace(Duration.ofMillis(300)));
        telegram.userSays(chat, alice, "Capital of France?");

        await().atMost(WAIT)
                .until(() -> !telegram.sent(chat).isEmpty() && last(chat).text().equals("Paris."));
        assertThat(last(chat).versions())
                .noneSatisfy(v -> assertThat(v).contains("capitals"))
                .noneSatisfy(v -> assertThat(v).contains("city_lookup"));
    }

    @Test
    void picturesOfAnAnswerAreSentAsPhotosAfterItsText() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        String cat = bridge.coze.image("cat.png");
        String dog = bridge.coze.image("dog.png");
        bridge.coze.enqueue(
                Script.answer("Here they are:\n\n![a cat](" + cat + ")\n\n![a dog](" + dog + ")\n\nEnjoy."));
        telegram.userSays(chat, alice, "Show me pets");

        await().atMost(WAIT).until(() -> telegram.photos(chat).size() == 2);
        assertThat(telegram.photos(chat)).extracting(FakeTelegram.Photo::url).containsExactly(cat, dog);
        assertThat(telegram.photos(chat))
                .allSatisfy(p -> assertThat(p.mediaGroup()).isNotNull());
        assertThat(telegram.calls("sendMediaGroup")).hasSize(1);
        await().atMost(WAIT).until(() -> last(chat).text().equals("Here they are:\n\nEnjoy."));
        assertThat(telegram.photos(chat).getFirst().messageId())
                .isGreaterThan(telegram.sent(chat).getFirst().messageId());
    }

    @Test
    void aPictureTelegramCannotFetchKeepsItsLinkInTheText() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        String gone = bridge.coze.missingImage("expired.png");
        bridge.coze.enqueue(Script.answer("Look: ![the chart](" + gone + ") as promised."));
        telegram.userSays(chat, alice, "chart?");

        await().atMost(WAIT).until(() -> !telegram.calls("sendPhoto").isEmpty());
        assertThat(telegram.calls("sendPhoto").getFirst().status()).isEqualTo(400);
        assertThat(telegram.photos(chat)).isEmpty();
        await().atMost(WAIT).until(() -> last(chat).text().equals("Look: the chart as promised."));
        assertThat(last(chat).entityTypes()).contains("text_link");
    }

    @Test
    void theBotsShortcutCommandsJoinTheMenuAndAreRelayedAsShortcutCommands() {
        start();
        bridge.coze.botInfo(
                TestSettings.BOT_ID,
                FakeBotInfo.named("News")
                        .shortcut(new FakeBotInfo.Shortcut(
                                "7457010833525570001",
                                "Search news",
                                "/sc_demo",
                                "Search today's news",
                                "Search today's news about {{query}}",
                                List.of(FakeBotInfo.Component.text("query", "keyword")))));
        bridge.restart();

        assertThat(telegram.registeredCommands()).anySatisfy(c -> {
            assertThat(c.path("command").asText()).isEqualTo("sc_demo");
            assertThat(c.path("description").asText()).isEqualTo("Search today's news");
        });
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("AI chips are selling well."));
        telegram.userSays(chat, alice, "/sc_demo AI chips");

        await().atMost(WAIT)
                .until(() -> !telegram.sent(chat).isEmpty() && last(chat).text().equals("AI chips are selling well."));
        RecordedChat asked = bridge.coze.chats().getFirst();
        assertThat(asked.rejectedCode()).isZero();
        JsonNode shortcut = asked.body().path("shortcut_command");
        assertThat(shortcut.path("command_id").asText()).isEqualTo("7457010833525570001");
        assertThat(shortcut.path("parameters").path("query").asText())
                .isEqualTo("[{\"type\":\"text\",\"text\":\"AI chips\"}]");
        assertThat(asked.lastUserText()).isEqualTo("/sc_demo AI chips");
    }

    @Test
    void startShowsThePrologueWithItsSuggestedQuestionsAsButtons() {
        start();
        bridge.coze.botInfo(
                TestSettings.BOT_ID,
                FakeBotInfo.named("News")
                        .prologue("Hi {{user_name}}, I read the news for you.")
                        .suggestions("What's new today?", "Any sports?"));
        bridge.restart();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        telegram.userSays(chat, alice, "/start");

        await().atMost(WAIT).until(() -> !telegram.sent(chat).isEmpty());
        FakeTelegram.SentMessage hello = last(chat);
        assertThat(hello.text()).isEqualTo("Hi Alice, I read the news for you.");
        assertThat(hello.buttons())
                .extracting(FakeTelegram.Button::text)
                .containsExactly("What's new today?", "Any sports?");

        bridge.coze.enqueue(Script.answer("Markets are up."));
        String query =
                telegram.press(chat, alice, hello.messageId(), data(hello).getFirst());
        await().atMost(WAIT).until(() -> last(chat).text().equals("Markets are up."));
        assertThat(telegram.callbackAnswered(query)).isTrue();
        assertThat(bridge.coze.chats().getFirst().lastUserText()).isEqualTo("What's new today?");
    }

    @Test
    void onCozeStudioTheBotInfoDegradesWithoutShortcutsOrErrors() {
        start();
        bridge.coze.studioMode(true);
        bridge.coze.botInfo(
                TestSettings.BOT_ID,
                FakeBotInfo.named("Studio bot")
                        .shortcut(new FakeBotInfo.Shortcut("1", "Search", "/sc_demo", "Search", "{{q}}", List.of())));
        bridge.restart();

        assertThat(telegram.registeredCommands())
                .extracting(c -> c.path("command").asText())
                .containsExactly("start", "ask", "stop", "reset", "help");
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        telegram.userSays(chat, alice, "/start");
        await().atMost(WAIT).until(() -> !telegram.sent(chat).isEmpty());
        assertThat(last(chat).text()).contains("helpdesk");
    }

    @Test
    void requiresActionEndsWithItsNoticeAndCozesQuestion() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Let me check the weather.").deltas(2).requiresAction("Which city?", 1));
        telegram.userSays(chat, alice, "Weather?");

        String notice = Sentences.en(Text.NOTICE_ACTION_REQUIRED_QUESTION, "Which city?");
        await().atMost(WAIT)
                .until(() -> !telegram.sent(chat).isEmpty() && last(chat).text().endsWith(notice));
        assertThat(last(chat).text()).doesNotContain(Sentences.en(Text.FAILURE_OTHER));
        assertThat(last(chat).buttons()).isEmpty();
        // the bridge asks Coze to cancel the paused chat; Coze refuses it for requires_action
        await().atMost(WAIT).until(() -> !bridge.coze.cancels().isEmpty());
        assertThat(bridge.coze.cancels().getFirst().accepted()).isFalse();
    }

    @Test
    void aClientSidePluginStepEndsWithItsOwnNoticeAndTheTextSoFar() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        // a plugin the Coze bot expects its client to run: requires_action of type function, no question
        bridge.coze.enqueue(
                Script.answer("Looking at your calendar.").deltas(2).requiresClientPlugin("local_calendar", 1));
        telegram.userSays(chat, alice, "Am I free on Friday?");

        String notice = Sentences.en(Text.FAILURE_ACTION_REQUIRED);
        await().atMost(WAIT)
                .until(() -> !telegram.sent(chat).isEmpty() && last(chat).text().endsWith(notice));
        assertThat(last(chat).text())
                .startsWith(Script.answer("Looking at your calendar.")
                        .deltas(2)
                        .textAfterDeltas(1)
                        .strip())
                .doesNotContain("▌")
                .doesNotContain(Sentences.en(Text.FAILURE_OTHER))
                .doesNotContain("local_calendar");
        assertThat(last(chat).buttons()).isEmpty();
        assertThat(telegram.sent(chat)).hasSize(1);
    }
}
