package dev.cozebridge.app;

import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.coze.BotCheck;
import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.FailureKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Asks Coze about every configured bot before anything relies on it ({@code check --online}, the start of
 * {@code run}), and words each answer as one operator line: never the token, always the bot, Coze's code and
 * message, its log id and what to fix.
 */
final class CozeCheck {
    private CozeCheck() {}

    /** One bot's answer. */
    record Result(BotSettings bot, BotCheck check) {
        boolean published() {
            return check.verdict() == BotCheck.Verdict.PUBLISHED;
        }

        boolean rejected() {
            return check.verdict() == BotCheck.Verdict.REJECTED;
        }

        /** The operator's line: what Coze said about this bot, and for a rejection what to check. */
        String line() {
            String where = "bot " + bot.botId() + " at " + bot.coze().baseUrl();
            return switch (check.verdict()) {
                case PUBLISHED ->
                    bot.name() + ": OK, Coze " + where
                            + (check.botName().isBlank() ? "" : " (\"" + check.botName() + "\")")
                            + " accepts the token and is published for the API";
                case REJECTED ->
                    bot.name() + ": Coze rejected " + where + ": " + said(check.failure())
                            + hint(check.failure().kind());
                case UNCHECKED -> bot.name() + ": could not check Coze " + where + ": " + said(check.failure());
            };
        }

        private static String said(AgentFailure failure) {
            return (failure.code() == 0 ? "" : "code " + failure.code() + ", ")
                    + failure.message()
                    + (failure.logId() == null ? "" : " (logid " + failure.logId() + ")");
        }

        private static String hint(FailureKind kind) {
            return switch (kind) {
                case INVALID_TOKEN, ACCESS_TOKEN_INVALID ->
                    "; check the token, and that coze.base_url is its region (a coze.cn token works only with "
                            + "https://api.coze.cn, a coze.com token only with https://api.coze.com)";
                case BOT_NOT_FOUND ->
                    "; check bot_id, that the bot is published with the API channel, and that the token can "
                            + "see the bot's workspace";
                case PERMISSION_DENIED -> "; give the token the bot's workspace and the chat permission";
                default -> "";
            };
        }
    }

    /**
     * Checks every bot, all at once (each waits at most about the connect timeout plus ten seconds), through the
     * client {@code clientFor} gives for it; results in the order of {@code bots}.
     */
    static List<Result> run(List<BotSettings> bots, Function<BotSettings, CozeClient> clientFor) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Result>> pending = new ArrayList<>();
            for (BotSettings bot : bots) {
                CozeClient client = clientFor.apply(bot);
                pending.add(CompletableFuture.supplyAsync(() -> new Result(bot, client.check(bot.botId())), threads));
            }
            return pending.stream().map(CompletableFuture::join).toList();
        }
    }
}
