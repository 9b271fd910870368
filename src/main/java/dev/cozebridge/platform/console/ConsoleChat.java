package dev.cozebridge.platform.console;

import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.InboundSink.Acceptance;
import dev.cozebridge.platform.ReplyCompletion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The terminal chat loop: each line is a message to the bot, answered live before the next line is read;
 * {@code /reset}, {@code /help} and {@code /exit} are commands. The conversation is bot / {@code console} /
 * user name, so a later run on the same database continues it.
 *
 * <p>Wiring: start the {@link ConsoleAdapter} like any adapter (register, start with the core as its sink,
 * recover), then {@link #run}: lines go to that sink, and the loop waits for each answer through
 * {@link ReplyCompletion}. The adapter and {@code out} normally share one stream.
 */
public final class ConsoleChat {

    /** A reply that takes longer than this is abandoned by the loop (the service still finishes it). */
    private static final Duration MAX_REPLY = Duration.ofMinutes(10);

    private final ConsoleAdapter adapter;
    private final ReplyCompletion replies;
    private final Clock clock;
    private final Author user;
    private final ConversationKey key;
    private final ReplyTarget target;

    /** @param userName the local user, by default {@link #localUser()} */
    public ConsoleChat(ConsoleAdapter adapter, ReplyCompletion replies, String userName, Clock clock) {
        this.adapter = adapter;
        this.replies = replies;
        this.clock = clock;
        this.user = new Author(userName, userName);
        this.key = new ConversationKey(adapter.bot(), ConsoleAdapter.PLATFORM, userName);
        this.target = new ReplyTarget(userName, null, null, null, true);
    }

    /** The local user name ({@code user.name}), the default conversation scope of a terminal chat. */
    public static String localUser() {
        String name = System.getProperty("user.name");
        return name == null || name.isBlank() ? "local" : name;
    }

    public ConversationKey key() {
        return key;
    }

    /**
     * Reads lines until end of input or {@code /exit}; returns the process exit code: 0 at the end, 1 when the
     * input could not be read. The adapter must be started.
     */
    public int run(BufferedReader in, PrintStream out) {
        InboundSink sink = adapter.sink();
        out.println(catalog().get(Text.CHAT_WELCOME, adapter.bot()));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                if (text.startsWith("/")) {
                    if (!command(sink, text, out)) {
                        break;
                    }
                    continue;
                }
                ask(sink, text, out);
            }
            return 0;
        } catch (IOException e) {
            out.println(catalog().get(Text.CHAT_READ_FAILED, e.getMessage()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Runs a slash command; false when the chat should end. */
    private boolean command(InboundSink sink, String text, PrintStream out) {
        String name = text.substring(1).split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
        switch (name) {
            case "reset" -> out.println(sink.reset(key, user));
            case "help" -> out.println(sink.help(adapter.bot(), BridgeCommands.Surface.TERMINAL));
            case "exit", "quit" -> {
                return false;
            }
            default -> out.println(catalog().get(Text.COMMAND_UNKNOWN, text.split("\\s+", 2)[0]));
        }
        return true;
    }

    private Catalog catalog() {
        return adapter.catalog();
    }

    private void ask(InboundSink sink, String text, PrintStream out) throws InterruptedException {
        InboundMessage message = new InboundMessage(
                key, UUID.randomUUID().toString(), user, text, target, false, clock.instant(), List.of(user.id()));
        Acceptance acceptance = sink.accept(message);
        if (acceptance == Acceptance.DENIED) {
            out.println(catalog().get(Text.NOTICE_NOT_ALLOWED));
            return;
        }
        if (!replies.awaitIdle(key, MAX_REPLY)) {
            out.println();
            out.println(catalog().get(Text.CHAT_GAVE_UP));
            return;
        }
        out.println();
    }
}
