package dev.cozebridge.platform.console;

import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.OperatorChannel;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.PlatformLimits;
import dev.cozebridge.platform.PlatformMarkup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A terminal as a platform. A terminal cannot change what it printed, so a message is append-only: an edit that
 * extends the text prints only the new part (the answer appears live as it grows, then the footnotes), and an
 * edit that rewrites earlier text prints the new text on a fresh line. Calls come from the core's reply
 * threads and never block beyond writing to the stream. Inbound, the {@link ConsoleChat} loop hands each line to
 * the sink given to {@link #start}, like every adapter does. The terminal is the operator's own, so the per-user
 * message limit does not apply to it.
 */
public final class ConsoleAdapter implements PlatformAdapter, OperatorChannel {

    public static final String PLATFORM = "console";

    /** A terminal takes any length and any pace; no typing indicator, no marker it could not erase. */
    private static final PlatformLimits LIMITS = new PlatformLimits(1_000_000, Duration.ZERO, Duration.ZERO, null);

    private final String bot;
    private final Catalog catalog;
    private final ConsoleMarkup markup;
    private final PrintStream out;
    private final Map<String, String> printed = new HashMap<>();
    /** Ids stay unique across runs on one database, so a stored reply never names a message of this run. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private long nextId;
    private volatile InboundSink sink;

    public ConsoleAdapter(String bot, Catalog catalog, PrintStream out) {
        this.bot = bot;
        this.catalog = catalog;
        this.markup = new ConsoleMarkup(catalog);
        this.out = out;
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public String bot() {
        return bot;
    }

    @Override
    public PlatformLimits limits() {
        return LIMITS;
    }

    @Override
    public PlatformMarkup markup() {
        return markup;
    }

    /** The bot's sentences, for the chat loop's own lines. */
    public Catalog catalog() {
        return catalog;
    }

    /** Nothing to connect: keeps the sink for the {@link ConsoleChat} loop to feed. */
    @Override
    public void start(InboundSink sink) {
        this.sink = sink;
    }

    @Override
    public void stop() {
        sink = null;
    }

    @Override
    public boolean connected() {
        return sink != null;
    }

    /** The sink {@link #start} was given. */
    InboundSink sink() {
        InboundSink current = sink;
        if (current == null) {
            throw new IllegalStateException("the console adapter of bot " + bot + " is not started");
        }
        return current;
    }

    @Override
    public synchronized MessageRef send(ReplyTarget target, String markdown) {
        String id = run + "-" + ++nextId;
        printed.put(id, markdown);
        out.print(markdown);
        out.flush();
        return new MessageRef(target.channelId(), id);
    }

    @Override
    public synchronized void edit(MessageRef message, String markdown) {
        String before = printed.get(message.messageId());
        if (before != null && markdown.startsWith(before)) {
            out.print(markdown.substring(before.length()));
        } else {
            // earlier text changed (or a previous run printed it): a terminal can only print it again
            out.print(System.lineSeparator() + markdown);
        }
        out.flush();
        printed.put(message.messageId(), markdown);
    }
}
