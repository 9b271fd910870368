package dev.cozebridge.platform;

import dev.cozebridge.core.ReplyTarget;

/** Optional: the platform can show "bot is typing". */
public interface TypingIndicator {
    /** Shows the indicator once (the platform lets it expire); failures are logged and swallowed. */
    void typing(ReplyTarget target);
}
