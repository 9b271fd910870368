package dev.cozebridge.platform.discord;

import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.ButtonPress;
import dev.cozebridge.platform.InboundSink;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The core as the adapter sees it, for a test to watch what passes: every call goes on to {@code core}. */
abstract class ForwardingSink implements InboundSink {
    private final InboundSink core;

    ForwardingSink(InboundSink core) {
        this.core = core;
    }

    @Override
    public Acceptance accept(InboundMessage message) {
        return core.accept(message);
    }

    @Override
    public String reset(ConversationKey key, Author by) {
        return core.reset(key, by);
    }

    @Override
    public String help(String bot, BridgeCommands.Surface surface) {
        return core.help(bot, surface);
    }

    @Override
    public void respond(ConversationKey key, ReplyTarget target, String markdown) {
        core.respond(key, target, markdown);
    }

    @Override
    public boolean allowed(String bot, Author author, List<String> places) {
        return core.allowed(bot, author, places);
    }

    @Override
    public StopOutcome stop(ConversationKey key, Author by, BooleanSupplier moderator) {
        return core.stop(key, by, moderator);
    }

    @Override
    public void press(ButtonPress press) {
        core.press(press);
    }

    @Override
    public boolean welcome(ConversationKey key, ReplyTarget target, Author author, boolean onlyIfNew) {
        return core.welcome(key, target, author, onlyIfNew);
    }

    @Override
    public BotProfile profile(String bot) {
        return core.profile(bot);
    }
}
