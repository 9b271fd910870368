package dev.cozebridge.agent.coze;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Protocol;
import okhttp3.Request;

/**
 * How far one HTTP call got before it failed with an {@link IOException}, so the client can tell when repeating a
 * non-idempotent request (a chat start, an upload) cannot make Coze act twice. Filled by OkHttp's
 * {@link EventListener} for the requests that carry one as their tag ({@link #tag}).
 *
 * <p>The one case in which a request is replayed although it was written: it went out on a <em>pooled</em>
 * connection and the connection failed before any byte of an answer came back. An HTTP/1.1 server or intermediary
 * closes a persistent connection only between two exchanges (RFC 9112 §9.3, §9.6): when its idle timeout, a NAT or
 * a proxy drops a kept-alive connection, it has read nothing more from it and will read nothing — the request we
 * then write runs into that close (EOF or reset instead of a status line, RFC 9112 §9.3.1 describes this race), and
 * no server saw it. On a connection dialled for this very request the same failure means something else: the
 * server read the request and then failed, so it may have acted on it; that is not replayed. Neither is a timeout
 * or a cancel (an {@link InterruptedIOException}): the server may be working on the request. The remaining
 * doubt — a server that read a request on a reused connection and died before its first byte of answer — looks
 * the same as the idle close and is accepted: at worst Coze runs a chat once more (its conversation refuses a
 * second one, 4016) or keeps a second copy of an uploaded file.
 */
final class ExchangeTrace {
    /** What the server can have seen of a failed request. */
    enum Reach {
        /** Nothing was written: no connection, or the connection failed before the request went out. */
        NOTHING_SENT,
        /** Written into a pooled connection the other side had closed; no byte came back. */
        STALE_CONNECTION,
        /** The server may have read it (a fresh connection, a timeout, a cancel, or an answer had begun). */
        MAY_HAVE_ARRIVED
    }

    /** OkHttp's listener for every call; calls without a trace are not observed. */
    static final EventListener.Factory LISTENER = call -> {
        ExchangeTrace trace = call.request().tag(ExchangeTrace.class);
        return trace == null ? EventListener.NONE : trace.listener();
    };

    private volatile boolean dialed;
    private volatile boolean acquired;
    private volatile boolean requestStarted;
    private volatile boolean answerStarted;

    /** {@code request} carrying a fresh trace; read it back with {@link #of}. */
    static Request tag(Request request) {
        return request.newBuilder()
                .tag(ExchangeTrace.class, new ExchangeTrace())
                .build();
    }

    static ExchangeTrace of(Request request) {
        ExchangeTrace trace = request.tag(ExchangeTrace.class);
        if (trace == null) {
            throw new IllegalStateException(
                    "request without an exchange trace: " + request.url().encodedPath());
        }
        return trace;
    }

    /** What the server can have seen of the request whose call failed with {@code failure}. */
    Reach reach(IOException failure) {
        if (answerStarted || failure instanceof InterruptedIOException) {
            return Reach.MAY_HAVE_ARRIVED;
        }
        if (!acquired || !requestStarted) {
            return Reach.NOTHING_SENT;
        }
        return dialed ? Reach.MAY_HAVE_ARRIVED : Reach.STALE_CONNECTION;
    }

    private EventListener listener() {
        return new EventListener() {
            @Override
            public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                dialed = true;
            }

            @Override
            public void connectEnd(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol) {
                dialed = true;
            }

            @Override
            public void connectionAcquired(Call call, Connection connection) {
                acquired = true;
            }

            @Override
            public void requestHeadersStart(Call call) {
                requestStarted = true;
            }

            @Override
            public void responseHeadersStart(Call call) {
                answerStarted = true;
            }
        };
    }
}
