package dev.cozebridge.agent;

import java.util.function.Consumer;

/**
 * A conversational agent (Coze). Implementations are thread-safe and shared by all conversations of a bot.
 */
public interface Agent {
    /**
     * Starts a streamed chat. Events reach {@code sink} in order, from one thread at a time (not necessarily
     * the caller's), ending with exactly one {@link AgentEvent.Finished} or {@link AgentEvent.Failed}; the sink
     * must not block for long. Never throws for upstream problems: they arrive as {@code Failed}. Retries happen
     * inside, only before the first event.
     */
    AgentCall start(AgentRequest request, Consumer<AgentEvent> sink);

    /**
     * Reads what the agent tells about bot {@code botId} (greeting, shortcut commands). Blocking; never throws: when
     * the agent cannot tell (not supported, refused, unreachable) it logs why and returns {@link BotProfile#NONE}.
     */
    BotProfile profile(String botId);

    /**
     * Runs a chat to its end on the calling thread. Interrupting the thread cancels the call and rethrows.
     */
    default void run(AgentRequest request, Consumer<AgentEvent> sink) throws InterruptedException {
        AgentCall call = start(request, sink);
        try {
            call.await();
        } catch (InterruptedException e) {
            call.cancel();
            throw e;
        }
    }
}
