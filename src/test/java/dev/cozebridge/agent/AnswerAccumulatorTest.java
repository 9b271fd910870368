package dev.cozebridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.core.Citation;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per rule of how the agent's events become an answer. */
class AnswerAccumulatorTest {

    private final AnswerAccumulator answer = new AnswerAccumulator();

    @Test
    void deltasAppendToTheirMessage() {
        feed(new AgentEvent.TextDelta("a", "Hel"), new AgentEvent.TextDelta("a", "lo"));
        assertThat(answer.text()).isEqualTo("Hello");
        assertThat(answer.deltas()).isEqualTo(2);
        assertThat(answer.hasText()).isTrue();
    }

    @Test
    void severalAnswerMessagesReadAsParagraphsInFirstSeenOrder() {
        feed(
                new AgentEvent.TextDelta("a", "First"),
                new AgentEvent.TextDelta("b", "Second"),
                new AgentEvent.TextDelta("a", " still first"),
                new AgentEvent.AnswerCompleted("empty", ""));
        assertThat(answer.text()).isEqualTo("First still first\n\nSecond");
    }

    @Test
    void aCompletedMessageIsAuthoritative() {
        feed(new AgentEvent.TextDelta("a", "Helo wrld"), new AgentEvent.AnswerCompleted("a", "Hello world."));
        assertThat(answer.text()).isEqualTo("Hello world.");
    }

    @Test
    void aCompletedMessageWithoutDeltasCounts() {
        feed(new AgentEvent.AnswerCompleted("a", "Only completed."), new AgentEvent.Finished());
        assertThat(answer.text()).isEqualTo("Only completed.");
        assertThat(answer.deltas()).isZero();
    }

    @Test
    void aCompletedAnswerIsSettledUntilMoreOfItArrives() {
        feed(new AgentEvent.TextDelta("a", "Hello"));
        assertThat(answer.settled()).isFalse();
        // the same text again still tells the consumer it is complete
        assertThat(answer.accept(new AgentEvent.AnswerCompleted("a", "Hello"))).isTrue();
        assertThat(answer.settled()).isTrue();
        // suggestions and usage do not unsettle it
        feed(new AgentEvent.FollowUp("More?"), new AgentEvent.Usage(new TokenUsage(3, 2, 5)));
        assertThat(answer.settled()).isTrue();
        assertThat(answer.accept(new AgentEvent.AnswerCompleted("a", "Hello"))).isFalse();
        // a plugin, reasoning or a delta means Coze goes on answering
        feed(new AgentEvent.ToolStarted("search"));
        assertThat(answer.settled()).isFalse();
        feed(new AgentEvent.ToolFinished(), new AgentEvent.AnswerCompleted("b", "Second."));
        assertThat(answer.settled()).isTrue();
        feed(new AgentEvent.ReasoningDelta("c", "hmm"));
        assertThat(answer.settled()).isFalse();
        feed(new AgentEvent.AnswerCompleted("c", "Third."), new AgentEvent.TextDelta("d", "Four"));
        assertThat(answer.settled()).isFalse();
        feed(new AgentEvent.AnswerCompleted("d", "Four."), new AgentEvent.Finished());
        assertThat(answer.settled()).isTrue();
        assertThat(answer.text()).isEqualTo("Hello\n\nSecond.\n\nThird.\n\nFour.");
    }

    @Test
    void appendOnlyConsumersGetEachNewPieceOnceAndCannotBeAskedToTakeTextBack() {
        feed(new AgentEvent.TextDelta("a", "Hello wor"));
        assertThat(answer.appendOnly()).isEqualTo("Hello wor");
        feed(new AgentEvent.AnswerCompleted("a", "Hello world."));
        assertThat(answer.appendOnly()).isEqualTo("ld.");
        feed(new AgentEvent.TextDelta("b", "Next"));
        assertThat(answer.appendOnly()).isEqualTo("\n\nNext");
        // a rewrite of text already handed out is skipped; what follows still comes
        feed(new AgentEvent.AnswerCompleted("b", "Rewritten"), new AgentEvent.TextDelta("c", "Third"));
        assertThat(answer.appendOnly()).isEqualTo("\n\nThird");
        assertThat(answer.appendOnly()).isEmpty();
        assertThat(answer.text()).isEqualTo("Hello world.\n\nRewritten\n\nThird");
    }

    @Test
    void sourcesAreOneEntryPerLinkThenDocumentThenTitleInRecallOrderAtMostFive() {
        feed(new AgentEvent.KnowledgeRecalled(List.of(
                new Citation("d1", "Returns FAQ", "https://e.com/returns", 0.9),
                new Citation("d2", "Returns FAQ (mirror)", "https://e.com/returns", 0.8),
                new Citation("d3", "policy.pdf", null, 0.7),
                new Citation("d3", "policy.pdf again", null, 0.6),
                new Citation(null, "Loose note", null, Double.NaN),
                new Citation(null, "Loose note", null, Double.NaN),
                new Citation(null, " ", null, Double.NaN))));
        feed(new AgentEvent.KnowledgeRecalled(List.of(
                new Citation("d4", "Four", "https://e.com/4", 0.5),
                new Citation("d5", "Five", "https://e.com/5", 0.4),
                new Citation("d6", "Six", "https://e.com/6", 0.3))));
        assertThat(answer.sources())
                .extracting(Citation::title)
                .containsExactly("Returns FAQ", "policy.pdf", "Loose note", "Four", "Five");
        assertThat(answer.citations()).hasSize(10);
    }

    @Test
    void followUpsKeepTheirOrderWithoutBlanksOrRepeats() {
        feed(
                new AgentEvent.FollowUp("How do I return?"),
                new AgentEvent.FollowUp(" How do I return? "),
                new AgentEvent.FollowUp("  "),
                new AgentEvent.FollowUp("Store credit?"));
        assertThat(answer.followUps()).containsExactly("How do I return?", "Store credit?");
    }

    @Test
    void usageIsTheLastReported() {
        feed(new AgentEvent.Usage(new TokenUsage(1, 2, 3)), new AgentEvent.Usage(new TokenUsage(10, 20, 30)));
        assertThat(answer.usage()).isEqualTo(new TokenUsage(10, 20, 30));
    }

    @Test
    void theFirstTerminalEventEndsTheAnswerAndLaterEventsAreIgnored() {
        AgentFailure cut = new AgentFailure(FailureKind.STREAM_CUT, 0, "cut", "log-1");
        feed(new AgentEvent.TextDelta("a", "Half"), new AgentEvent.Failed(cut));
        assertThat(answer.accept(new AgentEvent.TextDelta("a", " more"))).isFalse();
        assertThat(answer.accept(new AgentEvent.Finished())).isFalse();
        assertThat(answer.terminal()).isTrue();
        assertThat(answer.failure()).isEqualTo(cut);
        assertThat(answer.text()).isEqualTo("Half");
    }

    @Test
    void theBridgeCanEndAnAnswerOnlyOnce() {
        AgentFailure shutdown = new AgentFailure(FailureKind.CANCELLED, 0, "shutdown", null);
        assertThat(answer.end(shutdown)).isTrue();
        assertThat(answer.end(shutdown)).isFalse();
        assertThat(answer.accept(new AgentEvent.Finished())).isFalse();
        assertThat(answer.failure()).isEqualTo(shutdown);
    }

    @Test
    void theChatIdsAreKeptForACancel() {
        assertThat(answer.accept(new AgentEvent.ChatStarted("chat-1", "conv-1")))
                .isFalse();
        assertThat(answer.chatId()).isEqualTo("chat-1");
        assertThat(answer.conversationId()).isEqualTo("conv-1");
    }

    @Test
    void reasoningIsKeptApartFromTheTextAndHandedOutOnceToAppendOnlyConsumers() {
        feed(
                new AgentEvent.ReasoningDelta("a", "Think"),
                new AgentEvent.ReasoningDelta("a", "ing."),
                new AgentEvent.TextDelta("a", "Answer"));
        assertThat(answer.reasoning()).isEqualTo("Thinking.");
        assertThat(answer.text()).isEqualTo("Answer");
        assertThat(answer.appendOnlyReasoning()).isEqualTo("Thinking.");
        feed(new AgentEvent.ReasoningDelta("a", " More."));
        assertThat(answer.appendOnlyReasoning()).isEqualTo(" More.");
        assertThat(answer.appendOnlyReasoning()).isEmpty();
    }

    @Test
    void aPluginRunsFromItsCallToItsResponseAndTheNewestOneIsNamed() {
        assertThat(answer.accept(new AgentEvent.ToolFinished())).isFalse();
        feed(new AgentEvent.ToolStarted(" search "));
        assertThat(answer.toolRunning()).isTrue();
        assertThat(answer.toolName()).isEqualTo("search");
        feed(new AgentEvent.ToolStarted(null));
        assertThat(answer.toolName()).isNull();
        feed(new AgentEvent.ToolFinished());
        assertThat(answer.toolRunning()).isFalse();
        feed(new AgentEvent.ToolStarted("weather"), new AgentEvent.Finished());
        assertThat(answer.toolRunning())
                .as("nothing runs once the answer ended")
                .isFalse();
    }

    @Test
    void requiresActionKeepsCozesQuestionForTheNotice() {
        feed(
                new AgentEvent.TextDelta("a", "Let me ask."),
                new AgentEvent.ActionRequired("  Which city?  "),
                new AgentEvent.Failed(new AgentFailure(FailureKind.ACTION_REQUIRED, 0, "paused", null)));
        assertThat(answer.actionRequired()).isTrue();
        assertThat(answer.actionQuestion()).isEqualTo("Which city?");
        assertThat(answer.failure().kind()).isEqualTo(FailureKind.ACTION_REQUIRED);
        assertThat(answer.text()).isEqualTo("Let me ask.");
    }

    private void feed(AgentEvent... events) {
        for (AgentEvent event : events) {
            answer.accept(event);
        }
    }
}
