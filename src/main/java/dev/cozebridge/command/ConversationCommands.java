package dev.cozebridge.command;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.store.HistoryStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out the commands that act on a conversation. Permissions are the adapter's business. */
public final class ConversationCommands {

    private static final Logger log = LoggerFactory.getLogger(ConversationCommands.class);

    private final HistoryStore store;
    private final Clock clock;

    public ConversationCommands(HistoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Clears the history future answers see (the turns stay stored); returns the sentence to show. */
    public String reset(ConversationKey key, Author by) {
        store.reset(key, by, clock.instant());
        log.info("{}: history reset by {}", key, by.id());
        return "Done: this conversation's history is cleared, and the bot starts fresh from your next message.";
    }

    /** How to talk to the bot and what the commands do, as platform-neutral Markdown. */
    public String help(BotSettings bot) {
        StringBuilder help = new StringBuilder();
        help.append("**")
                .append(bot.name())
                .append("** answers with its Coze bot and remembers this conversation.\n\n");
        help.append("- In a private chat, just write.\n");
        help.append("- In a group or channel, mention the bot, reply to one of its messages, or use /")
                .append(BridgeCommands.ASK.name())
                .append(".\n");
        help.append("- Answers appear as they are written; sources the bot used are listed under them.\n\n");
        help.append("Commands:\n");
        for (CommandSpec command : BridgeCommands.all()) {
            help.append("- /").append(command.name());
            for (CommandSpec.Option option : command.options()) {
                help.append(" <").append(option.name()).append('>');
            }
            help.append(": ").append(command.description()).append('\n');
        }
        return help.toString().strip();
    }
}
