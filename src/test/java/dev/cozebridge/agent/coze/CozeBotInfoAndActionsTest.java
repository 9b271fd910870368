package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.BOT;
import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static dev.cozebridge.agent.coze.CozeTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.AgentRequest;
import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.ShortcutCall;
import dev.cozebridge.fakes.coze.FakeBotInfo;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bot info, shortcut commands, reasoning, plugins and requires_action against the fake Coze. */
class CozeBotInfoAndActionsTest {
    private final FakeCoze fake = FakeCoze.start();
    private final CozeClient client = new CozeClient(settings(fake), Clock.systemUTC());

    @AfterEach
    void tearDown() {
        client.close();
        fake.close();
    }

    private static FakeBotInfo news() {
        return FakeBotInfo.named("News")
                .prologue("Hi {{user_name}}!")
                .suggestions("What's new?")
                .shortcut(new FakeBotInfo.Shortcut(
                        "745701083352557",
                        "Search news",
                        "/sc_demo",
                        "Search today's news",
                        "Search today's news about {{query}}",
                        List.of(
                                FakeBotInfo.Component.text("query", "keyword"),
                                FakeBotInfo.Component.select("region", "where", "EU", "US"))));
    }

    @Test
    void readsTheBotsPrologueSuggestionsAndShortcuts() {
        fake.botInfo(BOT, news());

        BotProfile profile = client.profile(BOT);

        assertThat(profile.name()).isEqualTo("News");
        assertThat(profile.prologueFor("Alice")).isEqualTo("Hi Alice!");
        assertThat(profile.suggestedQuestions()).containsExactly("What's new?");
        BotProfile.Shortcut shortcut = profile.shortcuts().getFirst();
        assertThat(shortcut.id()).isEqualTo("745701083352557");
        assertThat(shortcut.command()).isEqualTo("/sc_demo");
        assertThat(shortcut.components())
                .extracting(BotProfile.Component::name, BotProfile.Component::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("query", "text"),
                        org.assertj.core.groups.Tuple.tuple("region", "select"));
        assertThat(shortcut.components().get(1).options()).containsExactly("EU", "US");
        assertThat(fake.requests().getFirst().method()).isEqualTo("GET");
        assertThat(fake.requests().getFirst().path()).isEqualTo("/v1/bots/" + BOT);
    }

    @Test
    void aBotWithoutOnboardingOrAStudioServerGivesWhatItHasAndAnUnknownBotNothing() {
        assertThat(client.profile(BOT).hasPrologue()).isFalse();
        assertThat(client.profile(BOT).shortcuts()).isEmpty();

        fake.studioMode(true).botInfo(BOT, news());
        BotProfile studio = client.profile(BOT);
        assertThat(studio.shortcuts()).isEmpty();
        assertThat(studio.prologueFor("Bob")).isEqualTo("Hi Bob!");

        fake.studioMode(false).knownBots("1");
        assertThat(client.profile(BOT)).isEqualTo(BotProfile.NONE);
    }

    @Test
    void aShortcutGoesAsShortcutCommandWithTheUsersTextAsTheLastMessage() {
        fake.botInfo(BOT, news());
        fake.enqueue(Script.answer("ok"));
        AgentRequest request = new AgentRequest(
                BOT,
                "u1",
                null,
                List.of(AgentMessage.user("/sc_demo AI chips")),
                Map.of(),
                Map.of(),
                new ShortcutCall("745701083352557", Map.of("query", "[{\"type\":\"text\",\"text\":\"AI chips\"}]")));
        EventRecorder events = new EventRecorder();
        client.start(request, events);

        assertThat(events.awaitTerminal(Duration.ofSeconds(10))).isEqualTo(new AgentEvent.Finished());
        RecordedChat chat = fake.chats().getFirst();
        JsonNode shortcut = chat.body().path("shortcut_command");
        assertThat(shortcut.path("command_id").asText()).isEqualTo("745701083352557");
        assertThat(shortcut.path("parameters").path("query").asText())
                .isEqualTo("[{\"type\":\"text\",\"text\":\"AI chips\"}]");
        assertThat(chat.lastUserText()).isEqualTo("/sc_demo AI chips");
    }

    @Test
    void theFakeRefusesAShortcutTheBotDoesNotHave() {
        fake.botInfo(BOT, news());
        AgentRequest request = new AgentRequest(
                BOT,
                "u1",
                null,
                List.of(AgentMessage.user("/nope")),
                Map.of(),
                Map.of(),
                new ShortcutCall("999", Map.of()));
        EventRecorder events = new EventRecorder();
        client.start(request, events);

        assertThat(events.awaitFailure().kind()).isEqualTo(FailureKind.BAD_REQUEST);
    }

    @Test
    void reasoningAndPluginsArriveAsTheirOwnEvents() {
        fake.enqueue(Script.answer("Paris.").tools("city_lookup").thinking("Hmm,", " capitals."));
        EventRecorder events = new EventRecorder();
        client.start(ask("capital?"), events);

        assertThat(events.awaitTerminal(Duration.ofSeconds(10))).isEqualTo(new AgentEvent.Finished());
        assertThat(events.ofType(AgentEvent.ToolStarted.class))
                .containsExactly(new AgentEvent.ToolStarted("city_lookup"));
        assertThat(events.ofType(AgentEvent.ToolFinished.class)).hasSize(1);
        assertThat(events.ofType(AgentEvent.ReasoningDelta.class))
                .extracting(AgentEvent.ReasoningDelta::text)
                .containsExactly("Hmm,", " capitals.");
        assertThat(events.deltaText()).isEqualTo("Paris.");
    }

    @Test
    void requiresActionEndsTheRunAndTheChatIsCancelledAtCozeWhichRefuses() {
        fake.enqueue(Script.answer("Let me ask.").requiresAction("Which city?", 0));
        EventRecorder events = new EventRecorder();
        client.start(ask("weather?"), events);

        assertThat(events.awaitFailure().kind()).isEqualTo(FailureKind.ACTION_REQUIRED);
        assertThat(events.ofType(AgentEvent.ActionRequired.class))
                .containsExactly(new AgentEvent.ActionRequired("Which city?"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !fake.cancels().isEmpty());
        assertThat(fake.cancels().getFirst().accepted()).isFalse();
    }
}
