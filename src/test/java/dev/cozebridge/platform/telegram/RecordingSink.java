package dev.cozebridge.platform.telegram;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.platform.InboundSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** The adapter's view of the core for adapter-only tests: records what it is handed. */
final class RecordingSink implements InboundSink {

    final List<InboundMessage> accepted = new CopyOnWriteArrayList<>();
    final List<ConversationKey> resets = new CopyOnWriteArrayList<>();
    volatile Predicate<Author> allow = a -> true;

    @Override
    public Acceptance accept(InboundMessage message) {
        if (!allow.test(message.author())) {
            return Acceptance.DENIED;
        }
        accepted.add(message);
        return Acceptance.QUEUED;
    }

    @Override
    public String reset(ConversationKey key, Author by) {
        resets.add(key);
        return "Conversation reset by " + by.displayName() + ".";
    }

    @Override
    public String help(String bot) {
        return "**" + bot + "** answers questions. In groups, mention me or use /ask.";
    }

    @Override
    public boolean allowed(String bot, Author author, List<String> places) {
        return allow.test(author);
    }

    List<String> texts() {
        return accepted.stream().map(InboundMessage::text).toList();
    }
}
