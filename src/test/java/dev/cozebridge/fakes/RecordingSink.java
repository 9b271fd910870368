package dev.cozebridge.fakes;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for the core in adapter-only tests: records what the adapter hands over and answers as told.
 * Authors in {@link #deniedAuthors} (or everyone, with {@link #allowNobody}) are turned away by the access
 * lists: {@link #accept} returns DENIED without recording them, as the core would.
 */
public final class RecordingSink implements InboundSink {

    public record Reset(ConversationKey key, Author by) {}

    /** A command answer handed back to the core to send. */
    public record Response(ConversationKey key, ReplyTarget target, String markdown) {}

    public final List<InboundMessage> accepted = new CopyOnWriteArrayList<>();
    public final List<Reset> resets = new CopyOnWriteArrayList<>();
    public final List<Response> responses = new CopyOnWriteArrayList<>();
    /** Author ids the access lists turn away. */
    public final Set<String> deniedAuthors = ConcurrentHashMap.newKeySet();
    /** When true, the access lists turn everyone away. */
    public volatile boolean allowNobody;
    /** What {@link #accept} answers for an allowed author (the message is recorded either way). */
    public volatile Acceptance acceptance = Acceptance.QUEUED;
    /** When set, command answers are also sent through it, as the core would. */
    public volatile PlatformAdapter outlet;
    /** Button presses handed over; each is acknowledged silently at once. */
    public final List<ButtonPress> presses = new CopyOnWriteArrayList<>();
    /** What {@link #profile} answers. */
    public volatile BotProfile profile = BotProfile.NONE;

    @Override
    public Acceptance accept(InboundMessage message) {
        if (!allowed(message.author())) {
            return Acceptance.DENIED;
        }
        accepted.add(message);
        return acceptance;
    }

    @Override
    public String reset(ConversationKey key, Author by) {
        resets.add(new Reset(key, by));
        return "Conversation reset by " + by.displayName() + ".";
    }

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
        return "**" + bot + "** answers questions. Mention me or use /ask.";
    }

    @Override
    public boolean allowed(String bot, Author author, List<String> places) {
        return allowed(author);
    }

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

    private boolean allowed(Author author) {
        return !allowNobody && !deniedAuthors.contains(author.id());
    }

    public InboundMessage last() {
        return accepted.getLast();
    }

    public List<String> texts() {
        return accepted.stream().map(InboundMessage::text).toList();
    }

    public void clear() {
        accepted.clear();
        resets.clear();
        responses.clear();
        presses.clear();
        deniedAuthors.clear();
        allowNobody = false;
        acceptance = Acceptance.QUEUED;
    }
}
