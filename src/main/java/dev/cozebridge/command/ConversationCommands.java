package dev.cozebridge.command;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Text;
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
    public String reset(BotSettings bot, ConversationKey key, Author by) {
        store.reset(key, by, clock.instant());
        log.info("{}: history reset by {}", key, by.id());
        return bot.catalog().get(Text.RESET_DONE);
    }

    /** How to talk to the bot on {@code surface} and what its commands do, as platform-neutral Markdown. */
    public String help(BotSettings bot, BridgeCommands.Surface surface) {
        Catalog catalog = bot.catalog();
        StringBuilder help = new StringBuilder();
        help.append(catalog.get(Text.HELP_INTRO, bot.name())).append("\n\n");
        if (surface == BridgeCommands.Surface.TERMINAL) {
            help.append("- ").append(catalog.get(Text.HELP_TERMINAL)).append("\n\n");
        } else {
            help.append("- ").append(catalog.get(Text.HELP_PRIVATE)).append('\n');
            help.append("- ")
                    .append(catalog.get(Text.HELP_GROUP, BridgeCommands.ASK.name()))
                    .append('\n');
            help.append("- ").append(catalog.get(Text.HELP_MEDIA)).append('\n');
            help.append("- ").append(catalog.get(Text.HELP_STREAMING)).append("\n\n");
        }
        help.append(catalog.get(Text.HELP_COMMANDS)).append('\n');
        for (CommandSpec command : BridgeCommands.offered(surface)) {
            help.append("- /").append(command.name());
            for (CommandSpec.Option option : command.options()) {
                // a file is attached, not typed; the media line above says what may be sent
                if (option.type() == CommandSpec.Option.Type.TEXT) {
                    help.append(" <").append(option.name()).append('>');
                }
            }
            help.append(": ").append(catalog.get(command.description())).append('\n');
        }
        return help.toString().strip();
    }
}
