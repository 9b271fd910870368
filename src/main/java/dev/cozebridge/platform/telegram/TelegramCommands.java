package dev.cozebridge.platform.telegram;

import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.core.Catalog;
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
 * /start, /help and /reset. Runs on its own virtual thread per command (getChatMember blocks), never on the poll
 * thread. Answers go back through the core ({@link InboundSink#respond}), paced and retried like every write.
 */
final class TelegramCommands {

    private static final Logger log = LoggerFactory.getLogger(TelegramCommands.class);
    private static final Set<String> MAY_RESET = Set.of("creator", "administrator");

    private final String bot;
    private final Catalog catalog;
    private final TelegramClient client;
    private final TelegramFailures failures;
    private final boolean resetByAnyone;

    TelegramCommands(
            String bot, Catalog catalog, TelegramClient client, TelegramFailures failures, boolean resetByAnyone) {
        this.bot = bot;
        this.catalog = catalog;
        this.client = client;
        this.failures = failures;
        this.resetByAnyone = resetByAnyone;
    }

    /** Handles one command for an author the access lists allow. */
    void handle(TelegramInbound.Origin origin, String command, InboundSink sink) {
        switch (command) {
            case "start", "help" -> reply(origin, sink, sink.help(bot, BridgeCommands.Surface.CHAT));
            case "reset" -> reset(origin, sink);
            default -> throw new IllegalArgumentException("not a command: " + command);
        }
    }

    private void reset(TelegramInbound.Origin origin, InboundSink sink) {
        if (!origin.target().privateChat() && !resetByAnyone) {
            Boolean admin = isAdministrator(origin);
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

    private static void reply(TelegramInbound.Origin origin, InboundSink sink, String markdown) {
        sink.respond(origin.key(), origin.target(), markdown);
    }
}
