package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeBotInfo;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coze's answer, natively, on Discord (issue 12): real JDA against the fake Discord, the core on H2, the Coze client
 * against the fake Coze. Follow-up and Stop buttons as action rows pressed through type-3 interactions (acknowledged
 * within Discord's 3 s), /stop, reasoning and tool status while streaming, pictures as embeds, the bot's shortcut
 * commands as slash commands, the prologue on a first DM, requires_action.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordInteractionsEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String LONG_ANSWER =
            "Refunds are issued to the original payment method. ".repeat(12).strip();
    private static final String SHORTCUT_ID = "7457010833525570001";

    @TempDir
    static Path dir;

    private DiscordBridge bridge;
    private FakeDiscord discord;
    private FakeCoze coze;

    @BeforeAll
    void start() {
        bridge = DiscordBridge.in(dir.resolve("db"))
                .coze(coze -> coze.botInfo(
                        TestSettings.BOT_ID,
                        FakeBotInfo.named("News")
                                .prologue("Hello {{user_name}}, I read the news.")
                                .suggestions("What's new today?")
                                .shortcut(new FakeBotInfo.Shortcut(
                                        SHORTCUT_ID,
                                        "Search news",
                                        "/sc_demo",
                                        "Search today's news",
                                        "Search today's news about {{query}}",
                                        List.of(FakeBotInfo.Component.text("query", "keyword"))))))
                .bot(bot -> bot.access(new BotSettings.AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 0, 5))
                        .display(new BotSettings.DisplaySettings(true, true, true, true, 4, Duration.ofHours(1))))
                .suggestions()
                .start();
        discord = bridge.discord;
        coze = bridge.coze;
    }

    @AfterAll
    void stop() {
        if (bridge != null) {
            bridge.close();
        }
    }

    private String text(String message) {
        return discord.text(message).orElse("");
    }

    private String ask(String channel, String question) {
        return discord.post(discord.alice(), channel, discord.bot().mention() + " " + question);
    }

    @Test
    void followUpsAreButtonsAnotherUserPressesToAskInTheSameConversation() {
        String thread = discord.openThread(discord.general(), "refunds", discord.alice());
        coze.enqueue(Script.answer("Refunds take 5 days.").followUps("How do I return?", "What about fees?"));
        String reply = bridge.awaitReply(thread, ask(thread, "how long do refunds take?"));
        await().atMost(WAIT)
                .until(() -> text(reply).equals("Refunds take 5 days.")
                        && discord.buttons(reply).size() == 2);
        assertThat(discord.buttonLabels(reply)).containsExactly("How do I return?", "What about fees?");
        assertThat(discord.buttons(reply)).allSatisfy(id -> assertThat(id).startsWith("fu:"));

        int before = coze.chats().size();
        coze.enqueue(Script.answer("Send it back within 30 days."));
        String press =
                discord.press(discord.bob(), reply, discord.buttons(reply).getFirst());

        await().atMost(WAIT).until(() -> discord.callbackType(press) == 6);
        await().atMost(WAIT)
                .until(() -> discord.botMessages(thread).stream()
                        .anyMatch(id -> text(id).equals("Send it back within 30 days.")));
        RecordedChat asked = coze.chats().get(before);
        assertThat(asked.lastUserText()).contains("How do I return?");
        assertThat(asked.messages()).anySatisfy(m -> assertThat(m.content()).isEqualTo("Refunds take 5 days."));
        await().atMost(WAIT).until(() -> discord.buttons(reply).isEmpty());
        assertThat(discord.interactionFollowUps(press)).isEmpty();
    }

    @Test
    void manyLongAndEmojiFollowUpsKeepToDiscordsLimitsAndAPressAsksTheWholeQuestion() {
        String thread = discord.openThread(discord.general(), "limits", discord.alice());
        // an emoji across units 79-80 of the label: a naive cut keeps half of it
        String longOne = "x".repeat(78) + "\uD83D\uDE00 " + "退货政策是什么？".repeat(20);
        coze.enqueue(Script.answer("Here.").followUps(longOne, "二", "三 🎉", "four", "five", "six", "seven"));
        String reply = bridge.awaitReply(thread, ask(thread, "limits?"));
        await().atMost(WAIT)
                .until(() ->
                        text(reply).equals("Here.") && !discord.buttons(reply).isEmpty());
        assertThat(discord.buttonLabels(reply)).containsExactly("x".repeat(78) + "…", "二", "三 🎉", "four", "five");
        assertThat(discord.buttons(reply)).allSatisfy(id -> assertThat(id).hasSizeLessThanOrEqualTo(100));

        int before = coze.chats().size();
        coze.enqueue(Script.answer("Thirty days."));
        String press =
                discord.press(discord.bob(), reply, discord.buttons(reply).getFirst());
        await().atMost(WAIT).until(() -> discord.callbackType(press) == 6);
        await().atMost(WAIT).until(() -> coze.chats().size() > before);
        assertThat(coze.chats().get(before).lastUserText()).endsWith(longOne);
        await().atMost(WAIT).until(() -> discord.buttons(reply).isEmpty());
    }

    @Test
    void aButtonOfAnAnswerBeforeAResetAnswersWithANoticeAndAsksNothing() {
        String thread = discord.openThread(discord.general(), "reset buttons", discord.alice());
        coze.enqueue(Script.answer("Blue.").followUps("Why blue?"));
        String reply = bridge.awaitReply(thread, ask(thread, "which colour?"));
        await().atMost(WAIT)
                .until(() -> discord.buttons(reply).size() == 1
                        && discord.buttons(reply).getFirst().startsWith("fu:"));

        String reset = discord.slash(discord.moderator(), thread, "reset", Map.of());
        await().atMost(WAIT)
                .until(() -> discord.interactionResponse(reset)
                        .filter(t -> !t.isBlank())
                        .isPresent());
        int before = coze.chats().size();
        String press =
                discord.press(discord.alice(), reply, discord.buttons(reply).getFirst());

        await().atMost(WAIT).until(() -> !discord.interactionFollowUps(press).isEmpty());
        assertThat(discord.interactionFollowUps(press)).containsExactly(Sentences.en(Text.NOTICE_BUTTON_EXPIRED));
        assertThat(discord.callbackType(press)).isEqualTo(6);
        assertThat(coze.chats()).hasSize(before);
    }

    @Test
    void theFinalTextShowsAsSoonAsTheAnswerIsCompleteAndTheButtonsFollowTheEndOfTheChat() {
        String answer = "Refunds take five business days.";
        CountDownLatch release = new CountDownLatch(1);
        int ended = coze.streams().size();
        coze.enqueue(Script.answer(answer)
                .deltas(5)
                .knowledge(List.of(Script.KnowledgeChunk.web("d1", "Refund policy", "https://example.com/r", 0.9)))
                .followUps("How do I return?", "What about fees?")
                .holdAfterAnswer(release));
        String reply = bridge.awaitReply(discord.random(), ask(discord.random(), "how long do refunds take?"));
        String last = answer + "\n\n**Sources**\n1. [Refund policy](<https://example.com/r>)";
        await().atMost(WAIT).until(() -> text(reply).equals(last));
        // Coze is still held before its follow-ups and chat.completed
        assertThat(coze.streams()).hasSize(ended);
        assertThat(discord.buttons(reply))
                .as("no Stop button on a complete answer")
                .isEmpty();
        int versions = discord.versions(reply).size();

        release.countDown();
        await().atMost(WAIT).until(() -> discord.buttons(reply).size() == 2);
        assertThat(discord.buttonLabels(reply)).containsExactly("How do I return?", "What about fees?");
        assertThat(text(reply)).isEqualTo(last);
        assertThat(discord.versions(reply)).hasSize(versions + 1);
        await().atMost(WAIT).until(() -> coze.streams().size() == ended + 1);
    }

    @Test
    void theAskerStopsAStreamingAnswerWithItsStopButton() {
        int cancels = coze.cancels().size();
        coze.enqueue(Script.answer(LONG_ANSWER).deltas(60).pace(Duration.ofMillis(150)));
        String reply = bridge.awaitReply(discord.random(), ask(discord.random(), "refunds?"));
        await().atMost(WAIT).until(() -> discord.buttons(reply).stream().anyMatch(id -> id.startsWith("st:")));
        assertThat(discord.buttonLabels(reply)).containsExactly(Sentences.en(Text.BUTTON_STOP));

        String press =
                discord.press(discord.alice(), reply, discord.buttons(reply).getFirst());

        String stopped = "*" + Sentences.en(Text.NOTICE_STOPPED) + "*";
        await().atMost(WAIT).until(() -> text(reply).endsWith(stopped));
        String partial = text(reply)
                .substring(0, text(reply).length() - stopped.length())
                .strip();
        assertThat(text(reply)).doesNotContain("▌");
        assertThat(partial).isNotEmpty();
        assertThat(LONG_ANSWER).startsWith(partial).isNotEqualTo(partial);
        assertThat(discord.buttons(reply)).isEmpty();
        assertThat(discord.callbackType(press)).isEqualTo(6);
        await().atMost(WAIT).until(() -> coze.cancels().size() > cancels);
        assertThat(coze.cancels().get(cancels).accepted()).isTrue();
        await().atMost(WAIT)
                .until(() -> coze.streams().stream()
                        .anyMatch(s ->
                                s.chatId().equals(coze.cancels().get(cancels).chatId()) && s.closedByClient()));
    }

    @Test
    void someoneElsesStopIsRefusedWhileAModeratorsStopCommandWorks() {
        String thread = discord.openThread(discord.general(), "stops", discord.alice());
        coze.enqueue(Script.answer(LONG_ANSWER).deltas(60).pace(Duration.ofMillis(150)));
        String reply = bridge.awaitReply(thread, ask(thread, "refunds please"));
        await().atMost(WAIT)
                .until(() -> discord.buttons(reply).stream().anyMatch(id -> id.startsWith("st:"))
                        && text(reply).endsWith("▌"));

        String refused =
                discord.press(discord.bob(), reply, discord.buttons(reply).getFirst());
        await().atMost(WAIT).until(() -> !discord.interactionFollowUps(refused).isEmpty());
        assertThat(discord.interactionFollowUps(refused)).containsExactly(Sentences.en(Text.NOTICE_STOP_NOT_ALLOWED));
        assertThat(discord.callbackType(refused)).isEqualTo(6);
        assertThat(text(reply)).endsWith("▌");

        String stop = discord.slash(discord.moderator(), thread, "stop", Map.of());
        await().atMost(WAIT).until(() -> discord.interactionResponse(stop).isPresent());
        assertThat(discord.interactionResponse(stop)).contains(Sentences.en(Text.NOTICE_STOP_DONE));
        await().atMost(WAIT).until(() -> text(reply).endsWith("*" + Sentences.en(Text.NOTICE_STOPPED) + "*"));
        assertThat(discord.buttons(reply)).isEmpty();
    }

    @Test
    void reasoningAndToolStatusShowWhileStreamingAndLeaveTheFinalMessage() {
        coze.enqueue(Script.answer("Paris.")
                .tools("city_lookup")
                .thinking("The user asks", " about capitals.")
                .pace(Duration.ofSeconds(1)));
        String reply = bridge.awaitReply(discord.general(), ask(discord.general(), "capital of France?"));
        await().atMost(WAIT).until(() -> text(reply).equals("Paris."));
        List<String> versions = discord.versions(reply);
        assertThat(versions).anySatisfy(v -> assertThat(v).contains("*Using city_lookup…*"));
        assertThat(versions).anySatisfy(v -> assertThat(v).contains("> -# The user asks about capitals."));
        assertThat(versions.getLast()).isEqualTo("Paris.");
    }

    @Test
    void reasoningLongerThanAMessageShowsItsNewestWholeCharactersWithinTheLimit() {
        // 3 × 2,400 units of thought against Discord's 2,000; blocks of 6 units put an emoji's second half exactly
        // where the 499-unit tail shown above the answer begins, so a cut by units alone would leave half an emoji
        String[] thoughts = new String[3];
        for (int i = 0; i < thoughts.length; i++) {
            thoughts[i] = ("s" + i + " 🤔 ").repeat(400);
        }
        coze.enqueue(Script.answer("Forty-two.").thinking(thoughts).pace(Duration.ofMillis(1500)));
        String reply = bridge.awaitReply(discord.general(), ask(discord.general(), "the answer?"));
        await().atMost(WAIT).until(() -> text(reply).equals("Forty-two."));
        List<String> versions = discord.versions(reply);
        assertThat(versions).allSatisfy(v -> assertThat(v.length()).isLessThanOrEqualTo(2000));
        assertThat(versions)
                .anySatisfy(v -> assertThat(v).contains("…").contains("s2 🤔").doesNotContain("s0 "));
        // half an emoji reaches Discord as "?": every version holds only whole characters
        assertThat(versions)
                .allSatisfy(v -> assertThat(v)
                        .doesNotContain("?")
                        .doesNotContain("\uFFFD")
                        .matches(
                                t -> t.codePoints()
                                        .noneMatch(
                                                cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE),
                                "whole characters only"));
    }

    @Test
    void picturesAreEmbedsAfterTheTextAndARefusedOneKeepsItsLink() {
        String cat = coze.image("cat.png");
        coze.enqueue(Script.answer("A cat: ![cat](" + cat + ") and a chart: ![chart](https:///nohost.png)"));
        String question = ask(discord.general(), "pictures please");
        String reply = bridge.awaitReply(discord.general(), question);

        await().atMost(WAIT)
                .until(() -> discord.botMessages(discord.general()).stream()
                        .anyMatch(id -> discord.embedImages(id).equals(List.of(cat))));
        await().atMost(WAIT).until(() -> text(reply).equals("A cat: and a chart: ![chart](https:///nohost.png)"));
        List<String> messages = discord.botMessages(discord.general());
        String pictures = messages.stream()
                .filter(id -> !discord.embedImages(id).isEmpty())
                .findFirst()
                .orElseThrow();
        assertThat(messages.indexOf(pictures)).isGreaterThan(messages.indexOf(reply));
    }

    @Test
    void theBotsShortcutIsASlashCommandRelayedAsAShortcutCommand() {
        JsonNode shortcut = null;
        for (JsonNode command : discord.registeredCommands()) {
            if (command.path("name").asText().equals("sc_demo")) {
                shortcut = command;
            }
        }
        assertThat(shortcut).isNotNull();
        assertThat(shortcut.path("description").asText()).isEqualTo("Search today's news");
        assertThat(shortcut.at("/options/0/name").asText()).isEqualTo("query");
        assertThat(shortcut.at("/options/0/required").asBoolean()).isFalse();

        int before = coze.chats().size();
        coze.enqueue(Script.answer("Chips sell well."));
        String slash = discord.slash(discord.alice(), discord.general(), "sc_demo", Map.of("query", "AI chips"));
        await().atMost(WAIT)
                .until(() -> discord.interactionResponse(slash)
                        .filter("Chips sell well."::equals)
                        .isPresent());
        RecordedChat asked = coze.chats().get(before);
        assertThat(asked.rejectedCode()).isZero();
        assertThat(asked.body().at("/shortcut_command/command_id").asText()).isEqualTo(SHORTCUT_ID);
        assertThat(asked.body().at("/shortcut_command/parameters/query").asText())
                .isEqualTo("[{\"type\":\"text\",\"text\":\"AI chips\"}]");
        // in a guild channel the speaker's name leads the text, as for every question there
        assertThat(asked.lastUserText()).endsWith("/sc_demo AI chips");
    }

    @Test
    void aFirstDirectMessageIsGreetedWithThePrologueAndItsSuggestionsOnce() {
        String dm = discord.dmChannel(discord.bob());
        coze.enqueue(Script.answer("Hi Bob."), Script.answer("Again."));
        discord.dm(discord.bob(), "hello");
        await().atMost(WAIT).until(() -> discord.botMessages(dm).stream().anyMatch(id -> text(id).equals("Hi Bob.")));
        List<String> messages = discord.botMessages(dm);
        String greeting = messages.getFirst();
        assertThat(text(greeting)).isEqualTo("Hello Bob, I read the news.");
        assertThat(discord.buttonLabels(greeting)).containsExactly("What's new today?");

        discord.dm(discord.bob(), "and again");
        await().atMost(WAIT).until(() -> discord.botMessages(dm).stream().anyMatch(id -> text(id).equals("Again.")));
        assertThat(discord.botMessages(dm))
                .filteredOn(id -> text(id).startsWith("Hello Bob"))
                .hasSize(1);
    }

    @Test
    void requiresActionEndsWithItsNoticeNotTheGenericFailure() {
        coze.enqueue(Script.answer("Checking the weather.").deltas(2).requiresAction("Which city?", 1));
        String reply = bridge.awaitReply(discord.general(), ask(discord.general(), "weather?"));
        String notice = "*" + Sentences.en(Text.NOTICE_ACTION_REQUIRED_QUESTION, "Which city?") + "*";
        await().atMost(WAIT).until(() -> text(reply).endsWith(notice));
        assertThat(text(reply)).doesNotContain(Sentences.en(Text.FAILURE_OTHER));
        assertThat(discord.buttons(reply)).isEmpty();
    }
}
