package dev.cozebridge.platform.discord;

import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.ButtonPress;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.PlatformAdapter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** A stand-in for the core that records what the adapter hands over. */
final class RecordingSink implements InboundSink {
    record Reset(ConversationKey key, Author by) {}

    final List<InboundMessage> accepted = new CopyOnWriteArrayList<>();
    final List<Reset> resets = new CopyOnWriteArrayList<>();
    volatile boolean allow = true;
    /** Authors the access lists turn away. */
    final java.util.Set<String> deniedAuthors = java.util.concurrent.ConcurrentHashMap.newKeySet();

    volatile Acceptance acceptance = Acceptance.QUEUED;

    @Override
    public Acceptance accept(InboundMessage message) {
        accepted.add(message);
        return acceptance;
    }

    @Override
    public String reset(ConversationKey key, Author by) {
        resets.add(new Reset(key, by));
        return "Conversation reset by " + by.displayName() + ".";
    }

    /** A command answer handed back to the core to send. */
    record Response(ConversationKey key, ReplyTarget target, String markdown) {}

    final List<Response> responses = new CopyOnWriteArrayList<>();

    /** When set, command answers are also sent through it, as the core would. */
    volatile PlatformAdapter outlet;

    @Override
    public void respond(ConversationKey key, ReplyTarget target, String markdown) {
        responses.add(new Response(key, target, markdown));
        PlatformAdapter via = outlet;
        if (via != null) {
            via.send(target, markdown);
        }
    }

    @Override
    public String help(String bot, BridgeCommands.Surface surface) {
        return "I am " + bot + ". Mention me or use /ask.";
    }

    @Override
    public boolean allowed(String bot, Author author, List<String> places) {
        return allow && !deniedAuthors.contains(author.id());
    }

    InboundMessage last() {
        return accepted.getLast();
    }

    void clear() {
        accepted.clear();
        resets.clear();
        allow = true;
        deniedAuthors.clear();
        acceptance = Acceptance.QUEUED;
    }

    final List<ButtonPress> presses = new CopyOnWriteArrayList<>();
    volatile BotProfile profile = BotProfile.NONE;

    @Override
    public StopOutcome stop(ConversationKey key, Author by, BooleanSupplier moderator) {
        return StopOutcome.NOTHING_RUNNING;
    }

    @Override
    public void press(ButtonPress press) {
        presses.add(press);
        press.acknowledge().send(null);
    }

    @Override
    public boolean welcome(ConversationKey key, ReplyTarget target, Author author, boolean onlyIfNew) {
        return false;
    }

    @Override
    public BotProfile profile(String bot) {
        return profile;
    }
}
