package dev.cozebridge.fakes;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Transport faults a fake server injects into its next writes, the way they happen in front of the real services:
 * a connection dropped before the request is handled (the client sees the stream end without an answer; nothing was
 * done, so a retry is safe) and a 5xx from the service's front end. Each fault is used once. Thread-safe.
 */
public final class InjectedFaults {
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger resetsServed = new AtomicInteger();
    private final AtomicInteger serverErrorsServed = new AtomicInteger();

    /** The next {@code n} writes lose their connection before they are handled. */
    public void resets(int n) {
        resets.addAndGet(n);
    }

    /** The next {@code n} writes are answered with a 5xx before they are handled. */
    public void serverErrors(int n) {
        serverErrors.addAndGet(n);
    }

    /** True once per injected reset: the caller drops this request's connection unanswered. */
    public boolean takeReset() {
        if (take(resets)) {
            resetsServed.incrementAndGet();
            return true;
        }
        return false;
    }

    /** True once per injected server error: the caller answers this request with a 5xx. */
    public boolean takeServerError() {
        if (take(serverErrors)) {
            serverErrorsServed.incrementAndGet();
            return true;
        }
        return false;
    }

    public int resetsServed() {
        return resetsServed.get();
    }

    public int serverErrorsServed() {
        return serverErrorsServed.get();
    }

    private static boolean take(AtomicInteger pending) {
        int left;
        do {
            left = pending.get();
            if (left <= 0) {
                return false;
            }
        } while (!pending.compareAndSet(left, left - 1));
        return true;
    }
}
