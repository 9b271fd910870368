package dev.cozebridge.platform.telegram;

import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.InboundSink;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * /start (the bot's greeting, or the help when it has none), /help, /reset and /stop. Runs on its own virtual thread per command (getChatMember blocks), never on the poll
 * thread. Answers go back through the core ({@link InboundSink#respond}), paced and retried like every write.
 */
final class TelegramCommands {

    private static final Logger log = LoggerFactory.getLogger(TelegramCommands.class);
    /** Group members who may /reset, and stop answers to others. */
    private static final Set<String> MAY_RESET = Set.of("creator", "administrator");

    private final String bot;
    private final Catalog catalog;
    private final TelegramClient client;
    private final TelegramFailures failures;
    private final boolean resetByAnyone;
    private final TelegramMigrations migrations;

    TelegramCommands(
            String bot,
            Catalog catalog,
            TelegramClient client,
            TelegramFailures failures,
            boolean resetByAnyone,
            TelegramMigrations migrations) {
        this.bot = bot;
        this.catalog = catalog;
        this.client = client;
        this.failures = failures;
        this.resetByAnyone = resetByAnyone;
        this.migrations = migrations;
    }

    /** Handles one command for an author the access lists allow. */
    void handle(TelegramInbound.Origin origin, String command, InboundSink sink) {
        switch (command) {
            case "start" -> {
                if (!sink.welcome(origin.key(), origin.target(), origin.author(), false)) {
                    reply(origin, sink, sink.help(bot, BridgeCommands.Surface.CHAT));
                }
            }
            case "help" -> reply(origin, sink, sink.help(bot, BridgeCommands.Surface.CHAT));
            case "reset" -> reset(origin, sink);
            case "stop" -> stop(origin, sink);
            default -> throw new IllegalArgumentException("not a command: " + command);
        }
    }

    private void reset(TelegramInbound.Origin origin, InboundSink sink) {
        if (!origin.target().privateChat() && !resetByAnyone) {
            Boolean admin = switch (origin.sender()) {
                case ANONYMOUS_ADMIN -> true;
                case CHANNEL -> false;
                case PERSON -> isAdministrator(origin);
            };
            if (admin == null) {
                reply(origin, sink, catalog.get(Text.RESET_ADMIN_UNKNOWN));
                return;
            }
            if (!admin) {
                log.info(
                        "Refused /reset by non-administrator {} in {}",
                        origin.author().id(),
                        origin.key());
                reply(origin, sink, catalog.get(Text.RESET_ADMINS_ONLY));
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
            confirmation = catalog.get(Text.RESET_FAILED);
        }
        reply(origin, sink, confirmation);
    }

    /** The asker, or in groups an administrator, stops the answer being written. */
    private void stop(TelegramInbound.Origin origin, InboundSink sink) {
        InboundSink.StopOutcome outcome = sink.stop(origin.key(), origin.author(), () -> switch (origin.sender()) {
            case ANONYMOUS_ADMIN -> true;
            case CHANNEL -> false;
            case PERSON -> administers(origin.target(), origin.author().id());
        });
        switch (outcome) {
            case STOPPED -> {
                // the stopped answer itself says so
            }
            case NOTHING_RUNNING -> reply(origin, sink, catalog.get(Text.NOTICE_NOTHING_TO_STOP));
            case NOT_ALLOWED -> reply(origin, sink, catalog.get(Text.NOTICE_STOP_NOT_ALLOWED));
        }
    }

    /** Whether {@code userId} administers the group of {@code target}; never in private chats or when unknown. */
    boolean administers(ReplyTarget target, String userId) {
        if (target.privateChat()) {
            return false;
        }
        return Boolean.TRUE.equals(isAdministrator(target.channelId(), userId, target.channelId()));
    }

    private Boolean isAdministrator(TelegramInbound.Origin origin) {
        return isAdministrator(
                origin.target().channelId(), origin.author().id(), origin.key().toString());
    }

    /** True/false from getChatMember, or null when Telegram could not tell. */
    private Boolean isAdministrator(String chatId, String userId, String where) {
        try {
            // a press under an answer left behind in an upgraded group asks the supergroup
            long current = migrations.current(TelegramOutbound.chatId(chatId));
            ChatMember member = client.execute(GetChatMember.builder()
                    .chatId(Long.toString(current))
                    .userId(Long.parseLong(userId))
                    .build());
            return MAY_RESET.contains(member.getStatus());
        } catch (TelegramApiException e) {
            log.warn("getChatMember for user {} in {} failed: {}", userId, where, failures.describe(e));
            return null;
        }
    }

    private static void reply(TelegramInbound.Origin origin, InboundSink sink, String markdown) {
        sink.respond(origin.key(), origin.target(), markdown);
    }
}
