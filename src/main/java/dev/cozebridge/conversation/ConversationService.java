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
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.platform.ButtonPress;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.OperatorChannel;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.ReplyCompletion;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.InboundQueue;
import dev.cozebridge.store.InboundQueue.QueuedMessage;
import dev.cozebridge.store.SuggestionStore;
import dev.cozebridge.store.UnfinishedReply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation core. Adapters hand it inbound messages; it applies the access policy, writes each accepted
 * message to the durable queue before it returns (so the adapter confirms it to the platform only once it cannot be
 * lost), and answers the queue of every conversation whose lease it holds, in arrival order, through the adapter
 * registered for the bot and platform. Also runs the commands and the bot's buttons, greets new conversations,
 * finalizes replies a crash left half-written, answers what a previous run left queued, and shuts down gracefully.
 */
public final class ConversationService implements InboundSink, ReplyCompletion, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConversationService.class);

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final Duration MAX_FINALIZE = Duration.ofSeconds(3);
    /** How many waiting conversations one look at the queue picks up; the next look takes the rest. */
    private static final int SCAN_BATCH = 500;
    /** Queued messages looked at to find where the questions of unfinished replies were asked. */
    private static final int RECOVERY_LOOKAHEAD = 50;

    /**
     * How this instance shares the queue.
     *
     * @param owner        this instance's name in the conversation leases; instances sharing a database need
     *                     distinct ones
     * @param leaseTtl     how long a lease lasts unless renewed (renewed every third of it while answers stream):
     *                     how long a dead instance's conversations wait before another takes them over
     * @param scanInterval how often the queue is looked at for conversations nobody answers (left by a dead
     *                     instance or queued by another one)
     */
    public record QueueOptions(String owner, Duration leaseTtl, Duration scanInterval) {
        /** One process on an embedded database. */
        public static final QueueOptions EMBEDDED =
                new QueueOptions("embedded", Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    private final HistoryStore store;
    private final InboundQueue queue;
    private final QueueOptions queueOptions;
    private final Map<ConversationKey, Boolean> leases = new ConcurrentHashMap<>();
    private final Set<String> readyOutlets = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
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
        this(store, suggestions, bots, clock, metrics, sleeper, QueueOptions.EMBEDDED);
    }

    /** With the queue shared as {@code queueOptions} say (several instances on one database). */
    public ConversationService(
            HistoryStore store,
            SuggestionStore suggestions,
            Map<String, BotRuntime> bots,
            Clock clock,
            BridgeMetrics metrics,
            Sleeper sleeper,
            QueueOptions queueOptions) {
        this.store = store;
        this.queue = store.queue();
        this.queueOptions = queueOptions;
        this.bots = Map.copyOf(bots);
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
        this.policy = new AccessPolicy(clock);
        this.commands = new ConversationCommands(store, clock);
        this.recovery = new CrashRecovery(store, clock);
        this.buttons = new Buttons(suggestions, clock);
        this.presses = new ButtonPresses(pressCore(), buttons, store, clock);
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("conversation-queue").factory());
        long renew = Math.max(1, queueOptions.leaseTtl().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renewLeases, renew, renew, TimeUnit.MILLISECONDS);
        long scan = Math.max(1, queueOptions.scanInterval().toMillis());
        timer.scheduleWithFixedDelay(this::scan, scan, scan, TimeUnit.MILLISECONDS);
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
     * Finalizes the replies a previous process left half-written for this adapter's bot and platform (the saved text
     * in full, with an "interrupted" notice; the turn stored PARTIAL, or FAILED when no text was saved), then answers
     * what it left queued, oldest first. A conversation another live instance holds is left to it. Call after
     * adapter.start(this). Blocks until the leftovers are finalized; the queued messages are answered in the
     * background.
     */
    public void recover(PlatformAdapter adapter) {
        String outletKey = outletKey(adapter.bot(), adapter.platform());
        PlatformOutlet outlet = outlets.get(outletKey);
        if (outlet == null) {
            throw new IllegalStateException(
                    "recover(" + adapter.platform() + ") before register for bot '" + adapter.bot() + "'");
        }
        Map<ConversationKey, List<UnfinishedReply>> byConversation = new LinkedHashMap<>();
        for (UnfinishedReply reply : store.unfinished(adapter.bot(), adapter.platform())) {
            byConversation.computeIfAbsent(reply.key(), k -> new ArrayList<>()).add(reply);
        }
        for (ConversationKey key : byConversation.keySet()) {
            // a conversation with queued messages is finalized by its worker once it holds the lease
            if (queue.depth(key) == 0 && claim(key)) {
                try {
                    finalizeLeftovers(key, outlet);
                } finally {
                    release(key);
                }
            }
        }
        readyOutlets.add(outletKey);
        scan(outletKey);
    }

    /** Finalizes the conversation's STREAMING replies that no answer of this process is writing. */
    private void finalizeLeftovers(ConversationKey key, PlatformOutlet outlet) {
        List<UnfinishedReply> leftovers;
        // replies this process is writing are STREAMING too; the write lock keeps new ones from slipping in
        liveTurnsLock.writeLock().lock();
        try {
            leftovers = store.unfinished(key).stream()
                    .filter(reply -> !liveTurns.contains(reply.turnId()))
                    .toList();
        } finally {
            liveTurnsLock.writeLock().unlock();
        }
        if (leftovers.isEmpty()) {
            return;
        }
        // the questions of the leftovers are still queued (a message leaves the queue when its answer ends)
        List<InboundMessage> queued = queue.next(key, 0, RECOVERY_LOOKAHEAD).stream()
                .map(item -> decode(item))
                .filter(m -> m != null)
                .toList();
        ReplyTarget target = queued.isEmpty() ? null : queued.getFirst().replyTarget();
        Map<String, ReplyTarget> questions = new LinkedHashMap<>();
        for (InboundMessage m : queued) {
            questions.putIfAbsent(m.platformMessageId(), m.replyTarget());
        }
        recovery.recover(outlet, bots.get(key.bot()).settings().catalog(), leftovers, target, questions);
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
            Duration wait = policy.retryIn(
                    key.bot(), message.author().id(), bot.settings().access().messagesPerMinute());
            log.info(
                    "{}: user {} is over the per-minute limit; refused, may ask again in {}s",
                    context,
                    message.author().id(),
                    wait.toSeconds());
            refuse(message, context);
            if (policy.noticeDue("rate:" + key.bot() + "/" + message.author().id())) {
                outlet.noticeLater(
                        message.replyTarget(),
                        catalog.get(
                                Text.NOTICE_RATE_LIMITED, Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000))),
                        context);
            }
            return Acceptance.USER_RATE_LIMITED;
        }
        try {
            // waiting behind the answers that may stream at once
            int limit = bot.settings().access().queueLimit()
                    + bot.settings().queue().parallel();
            if (!(outlet.adapter() instanceof OperatorChannel) && queue.depth(key) >= limit) {
                log.info("{}: conversation queue full ({} messages); refused", context, limit);
                if (!edit) {
                    refuse(message, context);
                    if (policy.noticeDue("busy:" + key)) {
                        outlet.noticeLater(message.replyTarget(), catalog.get(Text.NOTICE_BUSY), context);
                    }
                }
                return Acceptance.BUSY;
            }
            queue.add(
                    key,
                    outlet.adapter().affinity(message.replyTarget()),
                    message.platformMessageId(),
                    QueuedMessages.write(message),
                    clock.instant());
        } catch (RuntimeException e) {
            // not stored, so not accepted: the user hears so now instead of waiting for an answer that never comes
            log.error("{}: could not queue the message", context, e);
            if (!edit) {
                outlet.noticeLater(message.replyTarget(), catalog.get(Text.NOTICE_SOMETHING_WENT_WRONG), context);
            }
            return Acceptance.BUSY;
        }
        poke(key);
        return Acceptance.QUEUED;
    }

    /** Keeps a message that is not asked as a REFUSED user turn, so the history and the stats show it. */
    private void refuse(InboundMessage message, String context) {
        try {
            store.appendUserTurn(
                            message.key(),
                            message.author(),
                            message.text(),
                            message.platformMessageId(),
                            clock.instant())
                    .ifPresent(turn -> store.setStatus(turn, TurnStatus.REFUSED));
        } catch (RuntimeException e) {
            log.warn("{}: could not record the refused message", context, e);
        }
    }

    /** Makes sure the conversation's worker looks at its queue; one worker per conversation in this process. */
    private void poke(ConversationKey key) {
        workers.compute(key, (k, worker) -> {
            ConversationWorker w = worker != null ? worker : newWorker(k);
            w.poke();
            return w;
        });
    }

    private ConversationWorker newWorker(ConversationKey key) {
        BotRuntime bot = bots.get(key.bot());
        int parallel = bot == null ? 1 : bot.settings().queue().parallel();
        return new ConversationWorker(key, parallel, workerHost());
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
        WelcomeJob job = new WelcomeJob(key, target, author, onlyIfNew, bot, profile, outlet, store, buttons);
        workers.compute(key, (k, worker) -> {
            ConversationWorker w = worker != null ? worker : newWorker(k);
            w.side(job);
            return w;
        });
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
     * Stops accepting and starting answers (what waits stays queued in the database for the next start, or for
     * another instance, which can take the conversations over at once: their leases are released), lets the
     * replies being written finish, and near the end of {@code grace} finalizes the rest with what they have
     * and a notice. A reply that still does not end is interrupted and left for {@link #recover}. The caller
     * closes the database afterwards.
     */
    public void shutdown(Duration grace) {
        closed = true;
        timer.shutdownNow();
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
        try {
            int left = outlets.values().stream()
                    .mapToInt(o -> queue.depth(o.adapter().bot(), o.adapter().platform()))
                    .sum();
            if (left > 0) {
                log.info("shutdown: {} message(s) stay queued and are answered after the restart", left);
            }
        } catch (RuntimeException e) {
            log.debug("shutdown: could not count the queued messages", e);
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

    private ConversationWorker.Host workerHost() {
        return new ConversationWorker.Host() {
            @Override
            public boolean claim(ConversationKey key) {
                return ConversationService.this.claim(key);
            }

            @Override
            public void release(ConversationKey key) {
                ConversationService.this.release(key);
            }

            @Override
            public void claimed(ConversationKey key) {
                PlatformOutlet outlet = outlets.get(outletKey(key.bot(), key.platform()));
                if (outlet != null) {
                    finalizeLeftovers(key, outlet);
                }
            }

            @Override
            public List<QueuedMessage> next(ConversationKey key, long afterId, int limit) {
                return queue.next(key, afterId, limit);
            }

            @Override
            public Runnable prepare(QueuedMessage item) {
                return ConversationService.this.prepare(item);
            }

            @Override
            public void finished(QueuedMessage item) {
                try {
                    queue.remove(item.id());
                } catch (RuntimeException e) {
                    // it stays queued; its next run finds it answered and only removes it
                    log.warn("{}: could not remove queued message {}", item.key(), item.id(), e);
                }
            }

            @Override
            public boolean closed() {
                return closed;
            }

            @Override
            public void idle(ConversationKey key) {
                retire(key);
            }
        };
    }

    /** Turns a queued message into its answer, or answers it with a notice (too old, unreadable). */
    private Runnable prepare(QueuedMessage item) {
        InboundMessage message = decode(item);
        if (message == null) {
            return null;
        }
        BotRuntime bot = bots.get(message.key().bot());
        PlatformOutlet outlet =
                outlets.get(outletKey(message.key().bot(), message.key().platform()));
        String context = message.key() + " message " + message.platformMessageId();
        if (bot == null || outlet == null) {
            log.error("{}: queued for a bot or platform this instance does not serve; dropped", context);
            return null;
        }
        Duration age = Duration.between(item.acceptedAt(), clock.instant());
        if (age.compareTo(bot.settings().queue().maxAge()) > 0) {
            log.info(
                    "{}: waited {}s in the queue, over queue.max_age; answered with a notice",
                    context,
                    age.toSeconds());
            if (!message.edited()) {
                refuse(message, context);
                outlet.notice(
                        message.replyTarget(), bot.settings().catalog().get(Text.NOTICE_STALE, minutes(age)), context);
            }
            return null;
        }
        return new ReplyJob(message, bot, outlet, store, clock, sleeper, metrics, replyRegistry(), buttons).prepare();
    }

    private static String minutes(Duration age) {
        return Long.toString(Math.max(1, age.toMinutes()));
    }

    private InboundMessage decode(QueuedMessage item) {
        try {
            InboundMessage message = QueuedMessages.read(item.payload());
            // the row's scope wins: the chat got a new id while the message waited, and its conversation moved
            return message.key().equals(item.key()) ? message : message.movedTo(item.key());
        } catch (RuntimeException e) {
            log.error("{}: queued message {} is unreadable and is dropped: {}", item.key(), item.id(), e.getMessage());
            return null;
        }
    }

    private boolean claim(ConversationKey key) {
        Instant now = clock.instant();
        InboundQueue.Claim claim = queue.lease(key, queueOptions.owner(), now, now.plus(queueOptions.leaseTtl()));
        if (claim == InboundQueue.Claim.REFUSED) {
            return false;
        }
        if (claim == InboundQueue.Claim.TAKEN_OVER) {
            log.info("{}: took the conversation over; its previous holder let the lease expire", key);
            metrics.leaseTakeover(key.bot(), key.platform());
        }
        leases.put(key, Boolean.TRUE);
        return true;
    }

    private void release(ConversationKey key) {
        leases.remove(key);
        queue.release(key, queueOptions.owner());
    }

    /** Keeps the leases of the conversations being answered; a lost one is reported (its holder died or paused). */
    private void renewLeases() {
        for (ConversationKey key : leases.keySet()) {
            try {
                Instant now = clock.instant();
                if (!queue.claim(key, queueOptions.owner(), now, now.plus(queueOptions.leaseTtl()))) {
                    log.error("{}: lost the conversation's lease to another instance", key);
                    leases.remove(key);
                }
            } catch (RuntimeException e) {
                log.warn("{}: could not renew the conversation's lease", key, e);
            }
        }
    }

    /** Pokes every conversation with queued messages that nobody answers, on every ready outlet. */
    private void scan() {
        if (closed) {
            return;
        }
        for (String outletKey : readyOutlets) {
            try {
                scan(outletKey);
            } catch (RuntimeException e) {
                log.warn("could not look at the queue of {}", outletKey, e);
            }
        }
    }

    private void scan(String outletKey) {
        PlatformOutlet outlet = outlets.get(outletKey);
        if (outlet == null || closed) {
            return;
        }
        PlatformAdapter adapter = outlet.adapter();
        for (InboundQueue.Waiting waiting :
                queue.waiting(adapter.bot(), adapter.platform(), queueOptions.owner(), clock.instant(), SCAN_BATCH)) {
            if (adapter.serves(waiting.affinity()) && !leases.containsKey(waiting.key())) {
                poke(waiting.key());
            }
        }
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
