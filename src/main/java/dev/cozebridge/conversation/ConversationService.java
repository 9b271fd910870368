package dev.cozebridge.conversation;

import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.command.ConversationCommands;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.ButtonPress;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.OperatorChannel;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.ReplyCompletion;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.SuggestionStore;
import dev.cozebridge.store.UnfinishedReply;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation core. Adapters hand it inbound messages; it applies the access policy, queues each message
 * on its conversation's worker (one reply at a time per conversation, in arrival order; conversations run in
 * parallel on virtual threads), and streams the answer back through the adapter registered for the bot and
 * platform. Also runs the commands and the bot's buttons, greets new conversations, recovers replies a crash left
 * half-written, and shuts down gracefully.
 */
public final class ConversationService implements InboundSink, ReplyCompletion, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConversationService.class);

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final Duration MAX_FINALIZE = Duration.ofSeconds(3);

    private final HistoryStore store;
    private final Map<String, BotRuntime> bots;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BridgeMetrics metrics;
    private final AccessPolicy policy;
    private final ConversationCommands commands;
    private final CrashRecovery recovery;
    private final Buttons buttons;
    private final ButtonPresses presses;
    private final Map<String, BotProfile> profiles = new ConcurrentHashMap<>();
    private final Map<String, PlatformOutlet> outlets = new ConcurrentHashMap<>();
    private final Map<ConversationKey, ConversationWorker> workers = new ConcurrentHashMap<>();
    private final Map<Long, ReplyJob.Running> running = new ConcurrentHashMap<>();
    /** Assistant turns this process created and has not ended; never mistaken for crash leftovers. */
    private final Set<Long> liveTurns = ConcurrentHashMap.newKeySet();

    private final ReentrantReadWriteLock liveTurnsLock = new ReentrantReadWriteLock();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition repliesEnded = idleLock.newCondition();
    private volatile boolean closed;

    public ConversationService(HistoryStore store, Map<String, BotRuntime> bots, Clock clock, BridgeMetrics metrics) {
        this(store, null, bots, clock, metrics, Sleeper.SYSTEM);
    }

    /** With a sleeper of the caller's choosing (tests under a controllable clock); no suggestion buttons. */
    public ConversationService(
            HistoryStore store, Map<String, BotRuntime> bots, Clock clock, BridgeMetrics metrics, Sleeper sleeper) {
        this(store, null, bots, clock, metrics, sleeper);
    }

    /**
     * @param suggestions where the questions behind suggestion buttons wait to be pressed; null for no suggestion
     *                    buttons (Stop buttons need no storage)
     */
    public ConversationService(
            HistoryStore store,
            SuggestionStore suggestions,
            Map<String, BotRuntime> bots,
            Clock clock,
            BridgeMetrics metrics,
            Sleeper sleeper) {
        this.store = store;
        this.bots = Map.copyOf(bots);
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
        this.policy = new AccessPolicy(clock);
        this.commands = new ConversationCommands(store, clock);
        this.recovery = new CrashRecovery(store, clock);
        this.buttons = new Buttons(suggestions, clock);
        this.presses = new ButtonPresses(pressCore(), buttons, store, clock);
    }

    /** Makes the service send through {@code adapter} for its bot and platform; call before adapter.start(this). */
    public void register(PlatformAdapter adapter) {
        if (!bots.containsKey(adapter.bot())) {
            throw new IllegalArgumentException("adapter for unknown bot '" + adapter.bot() + "'");
        }
        PlatformOutlet previous = outlets.putIfAbsent(
                outletKey(adapter.bot(), adapter.platform()), new PlatformOutlet(adapter, clock, sleeper, metrics));
        if (previous != null) {
            throw new IllegalStateException(
                    "a " + adapter.platform() + " adapter for bot '" + adapter.bot() + "' is already registered");
        }
    }

    /**
     * Finalizes the replies a previous process left half-written for this adapter's bot and platform: one edit
     * of the saved text with an "interrupted" notice, and the turn stored PARTIAL (or FAILED when no text was
     * saved). Call after adapter.start(this). Blocks until done.
     */
    public void recover(PlatformAdapter adapter) {
        List<UnfinishedReply> leftovers;
        // replies this process is writing are STREAMING too; the write lock keeps new ones from slipping in
        liveTurnsLock.writeLock().lock();
        try {
            leftovers = store.unfinished(adapter.bot(), adapter.platform()).stream()
                    .filter(reply -> !liveTurns.contains(reply.turnId()))
                    .toList();
        } finally {
            liveTurnsLock.writeLock().unlock();
        }
        PlatformOutlet outlet = outlets.get(outletKey(adapter.bot(), adapter.platform()));
        if (outlet == null) {
            throw new IllegalStateException(
                    "recover(" + adapter.platform() + ") before register for bot '" + adapter.bot() + "'");
        }
        recovery.recover(outlet, bots.get(adapter.bot()).settings().catalog(), leftovers);
    }

    @Override
    public Acceptance accept(InboundMessage message) {
        ConversationKey key = message.key();
        BotRuntime bot = bots.get(key.bot());
        PlatformOutlet outlet = outlets.get(outletKey(key.bot(), key.platform()));
        String context = key + " message " + message.platformMessageId();
        if (bot == null || outlet == null) {
            log.error("{}: no bot or adapter registered for it; message dropped", context);
            return Acceptance.DENIED;
        }
        if (!AccessPolicy.allowed(bot.settings().access(), message.author(), message.places())) {
            log.debug(
                    "{}: denied by the access lists (user {})",
                    context,
                    message.author().id());
            return Acceptance.DENIED;
        }
        Catalog catalog = bot.settings().catalog();
        // Platforms report edits that change nothing a question needs (Discord sends MESSAGE_UPDATE when a link
        // preview unfolds), so an edit never costs the user's rate and never gets a notice of its own; the worker
        // asks it again only when it is the latest question, within the edit window, with new text.
        boolean edit = message.edited();
        if (closed) {
            if (!edit) {
                outlet.noticeLater(message.replyTarget(), catalog.get(Text.NOTICE_CLOSED), context);
            }
            return Acceptance.BUSY;
        }
        if (!message.asksSomething()) {
            // Coze needs a question; a bare mention gets a hint instead of a confusing failure (an edit that
            // emptied a message is simply not asked again)
            if (!edit) {
                outlet.noticeLater(message.replyTarget(), catalog.get(Text.NOTICE_EMPTY_QUESTION), context);
            }
            return Acceptance.EMPTY;
        }
        // the operator's own terminal is not held to the limit meant for other people
        boolean limited = !edit && !(outlet.adapter() instanceof OperatorChannel);
        if (limited
                && !policy.withinRate(
                        key.bot(),
                        message.author().id(),
                        bot.settings().access().messagesPerMinute())) {
            log.info(
                    "{}: user {} is over the per-minute limit",
                    context,
                    message.author().id());
            if (policy.noticeDue("rate:" + key.bot() + "/" + message.author().id())) {
                outlet.noticeLater(message.replyTarget(), catalog.get(Text.NOTICE_RATE_LIMITED), context);
            }
            return Acceptance.USER_RATE_LIMITED;
        }
        ReplyJob job = new ReplyJob(message, bot, outlet, store, clock, sleeper, metrics, replyRegistry(), buttons);
        if (!enqueue(key, bot, job)) {
            log.info("{}: conversation queue full", context);
            if (!edit && policy.noticeDue("busy:" + key)) {
                outlet.noticeLater(message.replyTarget(), catalog.get(Text.NOTICE_BUSY), context);
            }
            return Acceptance.BUSY;
        }
        return Acceptance.QUEUED;
    }

    /** Queues a job on the conversation's worker; false when its queue is full. */
    private boolean enqueue(ConversationKey key, BotRuntime bot, Runnable job) {
        boolean[] queued = new boolean[1];
        workers.compute(key, (k, worker) -> {
            ConversationWorker w = worker != null
                    ? worker
                    : new ConversationWorker(
                            k.toString(), bot.settings().access().queueLimit(), () -> retire(k));
            queued[0] = w.offer(job);
            return w;
        });
        return queued[0];
    }

    @Override
    public StopOutcome stop(ConversationKey key, Author by, BooleanSupplier moderator) {
        return presses.stop(key, by, moderator);
    }

    @Override
    public void press(ButtonPress press) {
        Thread.ofVirtual().name("press " + press.bot() + "/" + press.platform()).start(() -> presses.handle(press));
    }

    @Override
    public boolean welcome(ConversationKey key, ReplyTarget target, Author author, boolean onlyIfNew) {
        BotRuntime bot = bots.get(key.bot());
        PlatformOutlet outlet = outlets.get(outletKey(key.bot(), key.platform()));
        if (bot == null || outlet == null || closed) {
            return false;
        }
        BotProfile profile = profile(key.bot());
        if (!profile.hasPrologue()) {
            return false;
        }
        if (!enqueue(key, bot, new WelcomeJob(key, target, author, onlyIfNew, bot, profile, outlet, store, buttons))) {
            log.info("{}: conversation queue full; no greeting", key);
        }
        return true;
    }

    @Override
    public BotProfile profile(String bot) {
        BotRuntime runtime = bots.get(bot);
        if (runtime == null) {
            return BotProfile.NONE;
        }
        return profiles.computeIfAbsent(
                bot, b -> runtime.agent().profile(runtime.settings().botId()));
    }

    private ButtonPresses.Core pressCore() {
        return new ButtonPresses.Core() {
            @Override
            public BotRuntime bot(String name) {
                return bots.get(name);
            }

            @Override
            public PlatformOutlet outlet(String bot, String platform) {
                return outlets.get(outletKey(bot, platform));
            }

            @Override
            public ReplyJob.Running runningTurn(long turnId) {
                return running.get(turnId);
            }

            @Override
            public ReplyJob.Running runningIn(ConversationKey key) {
                return running.values().stream()
                        .filter(r -> r.key.equals(key))
                        .findFirst()
                        .orElse(null);
            }

            @Override
            public Acceptance accept(InboundMessage message) {
                return ConversationService.this.accept(message);
            }
        };
    }

    @Override
    public String reset(ConversationKey key, Author by) {
        return commands.reset(runtime(key.bot()).settings(), key, by);
    }

    @Override
    public String help(String bot, BridgeCommands.Surface surface) {
        return commands.help(runtime(bot).settings(), surface);
    }

    @Override
    public void respond(ConversationKey key, ReplyTarget target, String markdown) {
        PlatformOutlet outlet = outlets.get(outletKey(key.bot(), key.platform()));
        if (outlet == null) {
            log.error("{}: no adapter registered for it; command answer dropped", key);
            return;
        }
        outlet.respondLater(target, markdown, key.toString());
    }

    private BotRuntime runtime(String bot) {
        BotRuntime runtime = bots.get(bot);
        if (runtime == null) {
            throw new IllegalArgumentException("unknown bot '" + bot + "'");
        }
        return runtime;
    }

    @Override
    public boolean allowed(String bot, Author author, List<String> places) {
        BotRuntime runtime = bots.get(bot);
        return runtime != null && AccessPolicy.allowed(runtime.settings().access(), author, places);
    }

    @Override
    public boolean awaitIdle(ConversationKey key, Duration timeout) throws InterruptedException {
        ConversationWorker worker = workers.get(key);
        return worker == null || worker.awaitIdle(timeout);
    }

    /** {@link #shutdown(Duration)} with a 10-second grace. */
    @Override
    public void close() {
        shutdown(DEFAULT_GRACE);
    }

    /**
     * Stops accepting, drops messages still waiting (they were never stored, so nothing is lost), lets the
     * replies being written finish, and near the end of {@code grace} finalizes the rest with what they have
     * and a notice. A reply that still does not end is interrupted and left for {@link #recover}. The caller
     * closes the database afterwards.
     */
    public void shutdown(Duration grace) {
        closed = true;
        int dropped = workers.values().stream()
                .mapToInt(ConversationWorker::dropWaiting)
                .sum();
        if (dropped > 0) {
            log.warn("shutdown: {} waiting message(s) were not answered", dropped);
        }
        long graceNanos = grace.toNanos();
        long finalizeNanos = Math.min(graceNanos / 4, MAX_FINALIZE.toNanos());
        long start = System.nanoTime();
        try {
            if (!awaitRepliesEnded(start + graceNanos - finalizeNanos)) {
                log.warn("shutdown: finalizing {} reply(ies) still being written", running.size());
                running.values().forEach(ReplyJob.Running::abortForShutdown);
                if (!awaitRepliesEnded(start + graceNanos)) {
                    log.warn("shutdown: interrupting {} reply(ies) that did not finish in time", running.size());
                    workers.values().forEach(ConversationWorker::interrupt);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.values().forEach(ConversationWorker::interrupt);
        }
    }

    private boolean awaitRepliesEnded(long deadlineNanos) throws InterruptedException {
        idleLock.lock();
        try {
            while (!running.isEmpty() || workers.values().stream().anyMatch(w -> !w.idle())) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                repliesEnded.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return true;
        } finally {
            idleLock.unlock();
        }
    }

    private ReplyJob.Registry replyRegistry() {
        return new ReplyJob.Registry() {
            @Override
            public long begin(LongSupplier beginTurn) {
                liveTurnsLock.readLock().lock();
                try {
                    long turnId = beginTurn.getAsLong();
                    liveTurns.add(turnId);
                    return turnId;
                } finally {
                    liveTurnsLock.readLock().unlock();
                }
            }

            @Override
            public void started(long turnId, ReplyJob.Running reply) {
                running.put(turnId, reply);
            }

            @Override
            public void ended(long turnId) {
                running.remove(turnId);
                liveTurns.remove(turnId);
                signalEnded();
            }
        };
    }

    private void retire(ConversationKey key) {
        // forget idle conversations so memory does not grow with every channel ever seen
        workers.computeIfPresent(key, (k, w) -> w.idle() ? null : w);
        signalEnded();
    }

    private void signalEnded() {
        idleLock.lock();
        try {
            repliesEnded.signalAll();
        } finally {
            idleLock.unlock();
        }
    }

    private static String outletKey(String bot, String platform) {
        return bot + "/" + platform;
    }
}
