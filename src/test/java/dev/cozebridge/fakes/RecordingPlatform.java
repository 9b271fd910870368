package dev.cozebridge.fakes;

import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.DraftPreview;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.MediaDownload;
import dev.cozebridge.platform.MediaDownloadException;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.platform.PlatformLimits;
import dev.cozebridge.platform.PlatformMarkup;
import dev.cozebridge.platform.TypingIndicator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * An in-memory platform for engine tests: records every send, edit, typing and draft with its time, keeps each
 * message's current text, and is strict like a real one (a text over the limit, an empty text or an edit of an
 * unknown message fails). It can be told to answer the next writes with "rate limited, retry after" or "gone". It
 * serves the files tests {@link #file put} there, by ref, and records every download.
 */
public final class RecordingPlatform implements PlatformAdapter, TypingIndicator, DraftPreview, MediaDownload {

    public enum Kind {
        SEND,
        EDIT,
        TYPING,
        DRAFT
    }

    /** One platform call. {@code messageId} is null for typing; {@code nanos} is System.nanoTime at the call. */
    public record Call(
            Kind kind, String channelId, String messageId, String text, Instant at, long nanos, boolean rejected) {}

    public static final PlatformMarkup MARKUP = new PlatformMarkup() {
        @Override
        public String streamingMarker() {
            return " ▌";
        }

        @Override
        public String footnotes(List<Citation> citations) {
            StringBuilder out = new StringBuilder("Sources:");
            for (int i = 0; i < citations.size(); i++) {
                Citation c = citations.get(i);
                out.append('\n').append(i + 1).append(". ");
                out.append(c.url() == null ? c.title() : "[" + c.title() + "](" + c.url() + ")");
            }
            return out.toString();
        }

        @Override
        public String notice(String sentence) {
            return "_" + sentence + "_";
        }
    };

    private final String bot;
    private final String platform;
    private final Clock clock;
    private final AtomicReference<PlatformLimits> limits;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, String> texts = new HashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    private final AtomicInteger rateLimitedWrites = new AtomicInteger();
    private final AtomicInteger goneWrites = new AtomicInteger();
    private final AtomicInteger failedWrites = new AtomicInteger();
    private final Map<String, Duration> slowChannels = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger acceptedWrites = new AtomicInteger();
    private volatile long lastWriteNanos;
    private volatile Duration retryAfter = Duration.ofMillis(100);
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean drafts;
    private volatile InboundSink sink;
    private final Map<String, byte[]> files = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> downloads = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final java.util.Set<String> refusedEdits = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public RecordingPlatform(String bot, String platform, PlatformLimits limits, Clock clock) {
        this.bot = bot;
        this.platform = platform;
        this.limits = new AtomicReference<>(limits);
        this.clock = clock;
    }

    /** Zero intervals, a 2,000-character limit, typing every 5 s. */
    public static PlatformLimits fastLimits() {
        return new PlatformLimits(2000, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5));
    }

    /** The next {@code writes} sends/edits/drafts answer RATE_LIMITED with {@code after}. */
    public void rateLimitNext(int writes, Duration after) {
        this.retryAfter = after;
        rateLimitedWrites.set(writes);
    }

    /** The next {@code writes} sends/edits answer GONE (a deleted message or a channel the bot left). */
    public void goneNext(int writes) {
        goneWrites.set(writes);
    }

    /** Writes into {@code channelId} are paced at {@code interval}, like a Telegram group next to private chats. */
    public void slowChannel(String channelId, Duration interval) {
        slowChannels.put(channelId, interval);
    }

    @Override
    public Duration channelInterval(String channelId) {
        return slowChannels.getOrDefault(channelId, limits().minChannelInterval());
    }

    /** The next {@code writes} sends/edits fail as a 5xx or a dropped connection does (FAILED), without effect. */
    public void failNext(int writes) {
        failedWrites.set(writes);
    }

    /**
     * Edits of this message are refused from now on, as a platform refuses to edit a deleted or too old message
     * while the chat stays writable (Telegram's "message can't be edited", Discord's Unknown Message).
     */
    public void refuseEditsOf(String messageId) {
        refusedEdits.add(messageId);
    }

    /** Every write takes this long, like a round trip to a real platform. */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    public void enableDrafts(boolean enabled) {
        this.drafts = enabled;
    }

    public InboundSink sink() {
        return sink;
    }

    /** A file the platform serves under {@code ref}; an attachment with another ref cannot be downloaded. */
    public void file(String ref, byte[] bytes) {
        files.put(ref, bytes.clone());
    }

    /** The refs downloaded so far, in order. */
    public List<String> downloads() {
        return List.copyOf(downloads);
    }

    @Override
    public byte[] download(Attachment attachment, long maxBytes) throws MediaDownloadException {
        downloads.add(attachment.ref());
        byte[] bytes = files.get(attachment.ref());
        if (bytes == null) {
            throw new MediaDownloadException("no file " + attachment.ref() + " on the recording platform", false, null);
        }
        if (bytes.length > maxBytes) {
            throw new MediaDownloadException(bytes.length + " bytes, more than " + maxBytes, true, null);
        }
        return bytes.clone();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Accepted writes (send, edit, draft), in order. */
    public synchronized List<Call> writes() {
        return calls.stream()
                .filter(c -> c.kind() != Kind.TYPING && !c.rejected())
                .collect(Collectors.toList());
    }

    /** How many writes were accepted so far; cheap enough to poll in a benchmark. */
    public int acceptedWrites() {
        return acceptedWrites.get();
    }

    /** System.nanoTime of the latest accepted write. */
    public long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** Every send, edit and draft attempted, also the rejected ones, in order. */
    public synchronized List<Call> attempts() {
        return calls.stream().filter(c -> c.kind() != Kind.TYPING).collect(Collectors.toList());
    }

    /** Accepted writes into one channel. */
    public List<Call> writes(String channelId) {
        return writes().stream().filter(c -> c.channelId().equals(channelId)).collect(Collectors.toList());
    }

    /** The messages sent into a channel, in order, with their current text. */
    public synchronized List<String> messages(String channelId) {
        return calls.stream()
                .filter(c ->
                        c.kind() == Kind.SEND && !c.rejected() && c.channelId().equals(channelId))
                .map(c -> texts.get(c.messageId()))
                .collect(Collectors.toList());
    }

    public synchronized String text(String messageId) {
        return texts.get(messageId);
    }

    @Override
    public String platform() {
        return platform;
    }

    @Override
    public String bot() {
        return bot;
    }

    @Override
    public PlatformLimits limits() {
        return limits.get();
    }

    @Override
    public PlatformMarkup markup() {
        return MARKUP;
    }

    @Override
    public void start(InboundSink sink) {
        this.sink = sink;
    }

    @Override
    public void stop() {
        this.sink = null;
    }

    @Override
    public boolean connected() {
        return sink != null;
    }

    @Override
    public MessageRef send(ReplyTarget target, String markdown) {
        check(Kind.SEND, target.channelId(), null, markdown);
        String id = Long.toString(ids.incrementAndGet());
        synchronized (this) {
            texts.put(id, markdown);
            calls.add(call(Kind.SEND, target.channelId(), id, markdown, false));
        }
        return new MessageRef(target.channelId(), id);
    }

    @Override
    public void edit(MessageRef message, String markdown) {
        check(Kind.EDIT, message.channelId(), message.messageId(), markdown);
        synchronized (this) {
            if (!texts.containsKey(message.messageId())) {
                calls.add(call(Kind.EDIT, message.channelId(), message.messageId(), markdown, true));
                throw PlatformException.gone("message to edit not found", null);
            }
            texts.put(message.messageId(), markdown);
            calls.add(call(Kind.EDIT, message.channelId(), message.messageId(), markdown, false));
        }
    }

    @Override
    public synchronized void typing(ReplyTarget target) {
        calls.add(call(Kind.TYPING, target.channelId(), null, null, false));
    }

    @Override
    public boolean draftsFor(ReplyTarget target) {
        return drafts && target.privateChat();
    }

    @Override
    public void draft(ReplyTarget target, long draftId, String markdown) {
        if (draftId == 0) {
            throw PlatformException.failed("draft_id must be non-zero", null);
        }
        check(Kind.DRAFT, target.channelId(), Long.toString(draftId), markdown);
        synchronized (this) {
            calls.add(call(Kind.DRAFT, target.channelId(), "draft-" + draftId, markdown, false));
        }
    }

    /** Seeds a message as if a previous process had sent it (crash-recovery tests). */
    public synchronized MessageRef seed(String channelId, String markdown) {
        String id = Long.toString(ids.incrementAndGet());
        texts.put(id, markdown);
        return new MessageRef(channelId, id);
    }

    private void check(Kind kind, String channelId, String messageId, String markdown) {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw PlatformException.failed("interrupted", e);
            }
        }
        String problem = null;
        if (markdown == null || markdown.isBlank()) {
            problem = "message text is empty";
        } else if (markdown.length() > limits.get().maxMessageLength()) {
            problem = "message is too long: " + markdown.length();
        }
        if (problem != null) {
            synchronized (this) {
                calls.add(call(kind, channelId, messageId, markdown, true));
            }
            throw PlatformException.failed(problem, null);
        }
        if (rateLimitedWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            synchronized (this) {
                calls.add(call(kind, channelId, messageId, markdown, true));
            }
            throw PlatformException.rateLimited(retryAfter, "Too Many Requests: retry after " + retryAfter);
        }
        if (kind == Kind.EDIT && refusedEdits.contains(messageId)) {
            synchronized (this) {
                calls.add(call(kind, channelId, messageId, markdown, true));
            }
            throw PlatformException.messageGone("Bad Request: message can't be edited", null);
        }
        if (failedWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            synchronized (this) {
                calls.add(call(kind, channelId, messageId, markdown, true));
            }
            throw PlatformException.failed("502 Bad Gateway", null);
        }
        if (goneWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            synchronized (this) {
                calls.add(call(kind, channelId, messageId, markdown, true));
            }
            throw PlatformException.gone("Forbidden: bot was blocked by the user", null);
        }
    }

    private Call call(Kind kind, String channelId, String messageId, String text, boolean rejected) {
        long nanos = System.nanoTime();
        if (!rejected && kind != Kind.TYPING) {
            lastWriteNanos = nanos;
            acceptedWrites.incrementAndGet();
        }
        return new Call(kind, channelId, messageId, text, clock.instant(), nanos, rejected);
    }
}
