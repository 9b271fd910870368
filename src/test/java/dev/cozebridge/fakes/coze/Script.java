package dev.cozebridge.fakes.coze;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * What {@link FakeCoze} answers to one chat: a streamed answer (optionally with knowledge, follow-ups, usage) plus at
 * most one fault and any number of framing quirks. A fluent, single-use builder: enqueue it once.
 */
public final class Script {

    /** One recalled knowledge chunk as Coze describes it (§5.3). */
    public record KnowledgeChunk(
            String documentId, String documentName, String linkTitle, String linkUrl, double score, String slice) {
        /** A web-page source: link title and public URL. */
        public static KnowledgeChunk web(String documentId, String title, String url, double score) {
            return new KnowledgeChunk(documentId, title, title, url, score, "excerpt of " + title);
        }

        /** An uploaded file: no link title, no URL, only the document name. */
        public static KnowledgeChunk file(String documentId, String name, double score) {
            return new KnowledgeChunk(documentId, name, "", "", score, "excerpt of " + name);
        }
    }

    enum Kind {
        STREAM,
        JSON_ERROR,
        HTTP_ERROR,
        FILE
    }

    enum Fault {
        NONE,
        REQUIRES_ACTION,
        MID_STREAM_ERROR,
        CHAT_FAILED,
        CHAT_FAILED_BARE,
        CUT,
        STALL
    }

    final Kind kind;
    String answer = "";
    int deltas = 3;
    Duration pace = Duration.ofMillis(2);
    List<KnowledgeChunk> knowledge;
    final List<String> followUps = new ArrayList<>();
    long inputTokens = 10;
    long outputTokens = 5;
    Fault fault = Fault.NONE;
    int faultAfterDeltas;
    int faultCode;
    String faultMessage = "";
    boolean malformed;
    boolean crlf;
    int chunkBytes;
    boolean studio;
    boolean withoutDone;
    boolean comments;
    boolean reasoning;
    final List<String> thinking = new ArrayList<>();
    final List<String> tools = new ArrayList<>();
    String actionType = "reply_message";
    boolean numericIds;
    CountDownLatch hold;
    int holdAfterDeltas;
    CountDownLatch holdAfterAnswer;
    int httpStatus = 200;
    String contentType = "application/json";
    String body = "";
    String resource;
    FrameWritten onWrite;

    /**
     * Told of every SSE event just before its first byte goes to the socket, on the fake's streaming thread: the
     * event name, the message {@code type} for {@code conversation.message.*} events (else null), and
     * {@link System#nanoTime()}. Benchmarks time the bridge from the fake's socket with it; it changes nothing on
     * the wire.
     */
    @FunctionalInterface
    public interface FrameWritten {
        void written(String event, String messageType, long nanos);
    }

    private Script(Kind kind) {
        this.kind = kind;
    }

    /** A streamed answer whose full text is {@code text}. */
    public static Script answer(String text) {
        Script script = new Script(Kind.STREAM);
        script.answer = Objects.requireNonNull(text);
        return script;
    }

    /** A JSON envelope {@code {code,msg,detail}} instead of a stream, with the given HTTP status. */
    public static Script jsonError(int httpStatus, int code, String msg) {
        Script script = new Script(Kind.JSON_ERROR);
        script.httpStatus = httpStatus;
        script.faultCode = code;
        script.faultMessage = msg;
        return script;
    }

    /** An arbitrary response (e.g. an HTML 502 from a gateway). */
    public static Script httpError(int status, String contentType, String body) {
        Script script = new Script(Kind.HTTP_ERROR);
        script.httpStatus = status;
        script.contentType = contentType;
        script.body = body;
        return script;
    }

    /** Replays a classpath fixture (e.g. {@code /sse/happy.sse}) byte for byte as an SSE body. */
    public static Script fromFile(String resource) {
        Script script = new Script(Kind.FILE);
        script.resource = resource;
        return script;
    }

    /** Splits the answer into {@code n} deltas (by code point, so characters stay whole in the JSON). */
    public Script deltas(int n) {
        this.deltas = Math.max(1, n);
        return this;
    }

    /** The gap between consecutive events (and between chunks when {@link #chunked} is set). */
    public Script pace(Duration pace) {
        this.pace = pace;
        return this;
    }

    /** Emits a knowledge_recall verbose message (possibly with no chunks) before the answer. */
    public Script knowledge(List<KnowledgeChunk> chunks) {
        this.knowledge = List.copyOf(chunks);
        return this;
    }

    public Script followUps(String... questions) {
        this.followUps.addAll(List.of(questions));
        return this;
    }

    public Script usage(long input, long output) {
        this.inputTokens = input;
        this.outputTokens = output;
        return this;
    }

    /** {@code event:error {code,msg}} after {@code afterDeltas} deltas, then the stream ends. */
    public Script midStreamError(int code, String msg, int afterDeltas) {
        return fault(Fault.MID_STREAM_ERROR, code, msg, afterDeltas);
    }

    /** {@code conversation.chat.failed} (a Chat object with last_error) after {@code afterDeltas} deltas. */
    public Script chatFailed(int code, String msg, int afterDeltas) {
        return fault(Fault.CHAT_FAILED, code, msg, afterDeltas);
    }

    /** Like {@link #chatFailed} but the data is a bare {@code {code,msg}} as in one docs schematic. */
    public Script chatFailedBare(int code, String msg, int afterDeltas) {
        return fault(Fault.CHAT_FAILED_BARE, code, msg, afterDeltas);
    }

    /** Drops the connection (no terminating chunk) after {@code afterDeltas} deltas. */
    public Script cutAfter(int afterDeltas) {
        return fault(Fault.CUT, 0, "", afterDeltas);
    }

    /**
     * Holds the connection open without sending anything after {@code afterDeltas} deltas, until the client hangs
     * up or the fake closes. A negative value stalls before the very first event.
     */
    public Script stallAfter(int afterDeltas) {
        return fault(Fault.STALL, 0, "", afterDeltas);
    }

    /**
     * Pauses the stream after {@code afterDeltas} deltas until {@code release} is counted down (or the client
     * hangs up, or the fake closes), then goes on: lets a test hold a chat open for exactly as long as it needs.
     */
    public Script holdAfter(int afterDeltas, CountDownLatch release) {
        if (kind != Kind.STREAM) {
            throw new IllegalStateException("a hold applies to streamed answers only");
        }
        this.hold = release;
        this.holdAfterDeltas = afterDeltas;
        return this;
    }

    /**
     * Pauses the stream right after the answer's {@code conversation.message.completed}, before the answer-finish
     * verbose, the follow-ups and {@code chat.completed}, until {@code release} is counted down (or the client hangs
     * up, or the fake closes): the moment the answer is complete but the chat is not.
     */
    public Script holdAfterAnswer(CountDownLatch release) {
        if (kind != Kind.STREAM) {
            throw new IllegalStateException("a hold applies to streamed answers only");
        }
        this.holdAfterAnswer = release;
        return this;
    }

    /** Sends one delta whose data line is not valid JSON, after the first delta. */
    public Script malformedDataLine() {
        this.malformed = true;
        return this;
    }

    /** Terminates lines with CRLF instead of LF. */
    public Script crlf() {
        this.crlf = true;
        return this;
    }

    /** Writes the body in HTTP chunks of {@code bytes} bytes, splitting lines and UTF-8 sequences. */
    public Script chunked(int bytes) {
        this.chunkBytes = Math.max(1, bytes);
        return this;
    }

    /** Coze Studio dialect: type knowledge, fin_data, conversation.stream.done with empty data, no last_error. */
    public Script studio() {
        this.studio = true;
        return this;
    }

    /** Ends the stream right after conversation.chat.completed (no done event). */
    public Script withoutDone() {
        this.withoutDone = true;
        return this;
    }

    /** Adds {@code :} keep-alive comment lines between events. */
    public Script comments() {
        this.comments = true;
        return this;
    }

    /** Adds reasoning_content deltas with empty content before the answer. */
    public Script reasoning() {
        this.reasoning = true;
        return this;
    }

    /**
     * Streams these fragments as {@code reasoning_content} deltas with an empty {@code content} before the answer,
     * as a reasoning model with deep thinking does (§1.7), one per {@link #pace}.
     */
    public Script thinking(String... fragments) {
        thinking.addAll(List.of(fragments));
        return this;
    }

    /**
     * Calls these plugins before the answer: for each a {@code function_call} message, then after one {@link #pace} its
     * {@code tool_response} (§4.5, §4.6).
     */
    public Script tools(String... names) {
        tools.addAll(List.of(names));
        return this;
    }

    /**
     * After {@code afterDeltas} deltas the chat pauses for a workflow question node: {@code
     * conversation.chat.requires_action} with a {@code reply_message} tool call whose arguments hold
     * {@code question} (null: no arguments), then {@code done}. Coze refuses to cancel a chat in that state.
     */
    public Script requiresAction(String question, int afterDeltas) {
        this.actionType = "reply_message";
        return fault(Fault.REQUIRES_ACTION, 0, question, afterDeltas);
    }

    /** Like {@link #requiresAction} for a client-side plugin ({@code type:function}), which carries no question. */
    public Script requiresClientPlugin(String plugin, int afterDeltas) {
        this.actionType = "function";
        return fault(Fault.REQUIRES_ACTION, 0, plugin, afterDeltas);
    }

    /** Reports every event frame as it is written (see {@link FrameWritten}). */
    public Script onWrite(FrameWritten hook) {
        this.onWrite = hook;
        return this;
    }

    /** Writes knowledge ids as JSON numbers instead of strings (the Coze UI's typing). */
    public Script numericIds() {
        this.numericIds = true;
        return this;
    }

    private Script fault(Fault fault, int code, String msg, int afterDeltas) {
        if (kind != Kind.STREAM) {
            throw new IllegalStateException("faults apply to streamed answers only");
        }
        this.fault = fault;
        this.faultCode = code;
        this.faultMessage = msg;
        this.faultAfterDeltas = afterDeltas;
        return this;
    }

    /** The answer's text once its first {@code n} deltas have been streamed (where a stall or fault stops it). */
    public String textAfterDeltas(int n) {
        return String.join("", deltaTexts().subList(0, Math.min(n, deltaTexts().size())));
    }

    /** The answer split into {@link #deltas} pieces by code point. */
    List<String> deltaTexts() {
        int[] cps = answer.codePoints().toArray();
        List<String> parts = new ArrayList<>();
        int n = Math.min(deltas, Math.max(1, cps.length));
        for (int i = 0; i < n; i++) {
            int from = cps.length * i / n;
            int to = cps.length * (i + 1) / n;
            parts.add(new String(cps, from, to - from));
        }
        return parts;
    }
}
