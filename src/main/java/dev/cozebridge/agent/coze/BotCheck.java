package dev.cozebridge.agent.coze;

import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.core.FailureKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * What Coze said when asked about one bot ({@link CozeClient#check}): published for the API with this credential,
 * rejected by Coze, or not checkable (Coze unreachable, overloaded, or an answer that is not Coze's).
 *
 * @param verdict the outcome
 * @param botName the bot's name as Coze has it (blank when Coze gave none); null unless {@link Verdict#PUBLISHED}
 * @param failure Coze's code, message and log id, or the connection problem; null when {@link Verdict#PUBLISHED}
 */
public record BotCheck(Verdict verdict, String botName, AgentFailure failure) {

    /** The three outcomes a start-up can act on differently. */
    public enum Verdict {
        /** Coze knows the bot, accepts the credential, and the bot is published for the API. */
        PUBLISHED,
        /** Coze answered and refused: the token, its region, its permissions or the bot id is wrong. */
        REJECTED,
        /** No verdict: Coze could not be reached, was overloaded (5xx, rate limit) or something else answered. */
        UNCHECKED
    }

    /** Answers that only a wrong credential, region or bot id produce; everything else says nothing about them. */
    private static final Set<FailureKind> REJECTIONS = EnumSet.of(
            FailureKind.INVALID_TOKEN,
            FailureKind.ACCESS_TOKEN_INVALID,
            FailureKind.PERMISSION_DENIED,
            FailureKind.BOT_NOT_FOUND,
            FailureKind.BAD_REQUEST);

    static BotCheck published(String botName) {
        return new BotCheck(Verdict.PUBLISHED, botName, null);
    }

    static BotCheck failed(AgentFailure failure) {
        return new BotCheck(REJECTIONS.contains(failure.kind()) ? Verdict.REJECTED : Verdict.UNCHECKED, null, failure);
    }
}
