package dev.cozebridge.platform.telegram;

import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.PlatformException;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * /start, /help and /reset, and the answer to an empty mention. Runs on its own virtual thread per command
 * (getChatMember and sending block), never on the poll thread. Replies are written by the adapter itself.
 */
final class TelegramCommands {

    private static final Logger log = LoggerFactory.getLogger(TelegramCommands.class);
    private static final Set<String> MAY_RESET = Set.of("creator", "administrator");
    static final String RESET_REFUSED = "Only administrators of this group can reset the conversation.";
    static final String RESET_UNCHECKED =
            "I could not check whether you are an administrator here; please try again in a moment.";
    static final String RESET_FAILED = "The conversation could not be reset; please try again in a moment.";
    private static final int SEND_ATTEMPTS = 3;

    private final String bot;
    private final TelegramClient client;
    private final TelegramOutbound outbound;
    private final TelegramFailures failures;
    private final BridgeMetrics metrics;
    private final boolean resetByAnyone;

    TelegramCommands(
            String bot,
            TelegramClient client,
            TelegramOutbound outbound,
            TelegramFailures failures,
            BridgeMetrics metrics,
            boolean resetByAnyone) {
        this.bot = bot;
        this.client = client;
        this.outbound = outbound;
        this.failures = failures;
        this.metrics = metrics;
        this.resetByAnyone = resetByAnyone;
    }

    /** Handles one command for an author the access lists allow. */
    void handle(TelegramInbound.Origin origin, String command, InboundSink sink) {
        switch (command) {
            case "start", "help" -> reply(origin.target(), sink.help(bot));
            case "reset" -> reset(origin, sink);
            default -> throw new IllegalArgumentException("not a command: " + command);
        }
    }

    /** A mention or /ask with nothing to ask: show what the bot can do. */
    void emptyQuestion(TelegramInbound.Origin origin, InboundSink sink) {
        reply(origin.target(), sink.help(bot));
    }

    private void reset(TelegramInbound.Origin origin, InboundSink sink) {
        if (!origin.target().privateChat() && !resetByAnyone) {
            Boolean admin = isAdministrator(origin);
            if (admin == null) {
                reply(origin.target(), RESET_UNCHECKED);
                return;
            }
            if (!admin) {
                log.info(
                        "Refused /reset by non-administrator {} in {}",
                        origin.author().id(),
                        origin.key());
                reply(origin.target(), RESET_REFUSED);
                return;
            }
        }
        String confirmation;
        try {
            confirmation = sink.reset(origin.key(), origin.author());
        } catch (RuntimeException e) {
            log.error(
                    "Reset of {} requested by {} failed",
                    origin.key(),
                    origin.author().id(),
                    e);
            confirmation = RESET_FAILED;
        }
        reply(origin.target(), confirmation);
    }

    /** True/false from getChatMember, or null when Telegram could not tell. */
    private Boolean isAdministrator(TelegramInbound.Origin origin) {
        try {
            ChatMember member = client.execute(GetChatMember.builder()
                    .chatId(origin.target().channelId())
                    .userId(Long.parseLong(origin.author().id()))
                    .build());
            return MAY_RESET.contains(member.getStatus());
        } catch (TelegramApiException e) {
            log.warn(
                    "getChatMember for user {} in {} failed: {}",
                    origin.author().id(),
                    origin.key(),
                    failures.describe(e));
            return null;
        }
    }

    /** Sends a command's answer, waiting out Telegram's flood control a few times before giving up. */
    private void reply(ReplyTarget target, String markdown) {
        for (int attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
            try {
                metrics.platformWrite("telegram", "send");
                outbound.send(target, markdown);
                return;
            } catch (PlatformException e) {
                if (e.kind() == PlatformException.Kind.RATE_LIMITED) {
                    metrics.platformRateLimited("telegram");
                }
                if (e.kind() != PlatformException.Kind.RATE_LIMITED || attempt == SEND_ATTEMPTS) {
                    log.warn(
                            "Bot {} could not answer a command in chat {}: {}",
                            bot,
                            target.channelId(),
                            e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(e.retryAfter().plus(Duration.ofMillis(50)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
