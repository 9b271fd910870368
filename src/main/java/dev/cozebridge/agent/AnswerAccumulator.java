package dev.cozebridge.agent;

import dev.cozebridge.core.Citation;
import dev.cozebridge.core.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds one agent run's events into its answer. The one place these rules live, used by the reply streamer (chat
 * platforms and the terminal), the HTTP API and {@code ask}, so the same event stream gives the same text,
 * sources and follow-ups everywhere:
 *
 * <ul>
 *   <li>text deltas append to their answer message; Coze may answer with several messages, which read as
 *       consecutive paragraphs (joined by a blank line, empty ones skipped), in the order they first appeared;
 *   <li>a completed answer message replaces what its deltas built: it is authoritative; the answer is then
 *       {@link #settled()} until more of it arrives (a delta, reasoning or a plugin start), so it can be shown as
 *       final while Coze still sends suggestions and usage;
 *   <li>knowledge recalls add citations; {@link #sources()} is the one footnote selection ({@link Footnotes});
 *   <li>follow-up suggestions are kept in order, blank and repeated ones dropped;
 *   <li>reasoning fragments append to one chain of thought, kept apart from the answer text;
 *   <li>a started plugin or workflow is "running" until its response arrives (the newest one is shown);
 *   <li>a {@code requires_action} keeps Coze's question for the notice that ends the answer;
 *   <li>the first {@link AgentEvent.Finished} or {@link AgentEvent.Failed} ends the answer; later events are
 *       ignored.
 * </ul>
 *
 * <p>Not thread-safe: feed it from one thread at a time (or under the caller's lock).
 */
public final class AnswerAccumulator {

    private final Map<String, StringBuilder> messages = new LinkedHashMap<>();
    private final List<Citation> citations = new ArrayList<>();
    private final Set<String> followUps = new LinkedHashSet<>();
    /** For append-only consumers: what of each message was already handed out. */
    private final Map<String, String> emitted = new LinkedHashMap<>();

    private final StringBuilder reasoning = new StringBuilder();
    private int reasoningEmitted;

    private TokenUsage usage = TokenUsage.NONE;
    private AgentFailure failure;
    private boolean terminal;
    private boolean settled;
    private int deltas;
    private String chatId;
    private String conversationId;
    private boolean toolRunning;
    private String toolName;
    private boolean actionRequired;
    private String actionQuestion;

    /** Takes one event; returns whether the answer changed (text, sources, follow-ups, usage or its end). */
    public boolean accept(AgentEvent event) {
        if (terminal) {
            return false;
        }
        switch (event) {
            case AgentEvent.ChatStarted started -> {
                chatId = started.chatId();
                conversationId = started.conversationId();
                return false;
            }
            case AgentEvent.TextDelta delta -> {
                deltas++;
                if (delta.text().isEmpty()) {
                    return false;
                }
                settled = false;
                message(delta.messageId()).append(delta.text());
            }
            case AgentEvent.AnswerCompleted completed -> {
                StringBuilder text = message(completed.messageId());
                boolean wasSettled = settled;
                settled = true;
                if (text.toString().equals(completed.text())) {
                    return !wasSettled;
                }
                text.setLength(0);
                text.append(completed.text());
            }
            case AgentEvent.ReasoningDelta thought -> {
                if (thought.text() == null || thought.text().isEmpty()) {
                    return false;
                }
                settled = false;
                reasoning.append(thought.text());
            }
            case AgentEvent.ToolStarted tool -> {
                // a plugin after a completed answer means Coze goes on answering
                settled = false;
                toolRunning = true;
                toolName = tool.name() == null || tool.name().isBlank()
                        ? null
                        : tool.name().strip();
            }
            case AgentEvent.ToolFinished done -> {
                if (!toolRunning) {
                    return false;
                }
                toolRunning = false;
                toolName = null;
            }
            case AgentEvent.ActionRequired action -> {
                actionRequired = true;
                actionQuestion = action.question() == null || action.question().isBlank()
                        ? null
                        : action.question().strip();
            }
            case AgentEvent.KnowledgeRecalled recalled -> citations.addAll(recalled.citations());
            case AgentEvent.FollowUp followUp -> {
                String text = followUp.text() == null ? "" : followUp.text().strip();
                if (text.isEmpty() || !followUps.add(text)) {
                    return false;
                }
            }
            case AgentEvent.Usage reported -> usage = reported.usage();
            case AgentEvent.Finished finished -> end();
            case AgentEvent.Failed failed -> {
                failure = failed.failure();
                end();
            }
        }
        return true;
    }

    /** Ends the answer from our side (e.g. shutdown) with {@code why}; false when it had already ended. */
    public boolean end(AgentFailure why) {
        if (terminal) {
            return false;
        }
        failure = why;
        end();
        return true;
    }

    private void end() {
        terminal = true;
        toolRunning = false;
        toolName = null;
    }

    /** The answer text so far: every answer message, in order, separated by a blank line. */
    public String text() {
        StringBuilder all = new StringBuilder();
        for (StringBuilder message : messages.values()) {
            if (message.isEmpty()) {
                continue;
            }
            if (!all.isEmpty()) {
                all.append("\n\n");
            }
            all.append(message);
        }
        return all.toString();
    }

    /**
     * For consumers that can only append (a terminal, an HTTP stream): the text to add since the previous call.
     * A completed message that rewrote what was already handed out cannot be taken back; its part is skipped and
     * the following messages still come.
     */
    public String appendOnly() {
        StringBuilder out = new StringBuilder();
        boolean anyBefore = emitted.values().stream().anyMatch(s -> !s.isEmpty());
        for (Map.Entry<String, StringBuilder> entry : messages.entrySet()) {
            String now = entry.getValue().toString();
            if (now.isEmpty()) {
                continue;
            }
            String before = emitted.get(entry.getKey());
            if (before == null || before.isEmpty()) {
                out.append(anyBefore ? "\n\n" : "").append(now);
                emitted.put(entry.getKey(), now);
            } else if (now.startsWith(before) && now.length() > before.length()) {
                out.append(now, before.length(), now.length());
                emitted.put(entry.getKey(), now);
            }
            anyBefore = true;
        }
        return out.toString();
    }

    /** The chain of thought so far (empty for models that do not reason or when it is off). */
    public String reasoning() {
        return reasoning.toString();
    }

    /** For append-only consumers: the reasoning added since the previous call. */
    public String appendOnlyReasoning() {
        String added = reasoning.substring(reasoningEmitted);
        reasoningEmitted = reasoning.length();
        return added;
    }

    /** Whether a plugin or workflow is running right now. */
    public boolean toolRunning() {
        return toolRunning;
    }

    /** The running plugin's or workflow's name, or null (none running, or Coze did not name it). */
    public String toolName() {
        return toolName;
    }

    /** Whether the bot asked for an interactive step ({@code requires_action}). */
    public boolean actionRequired() {
        return actionRequired;
    }

    /** Coze's question of a {@code requires_action}, or null. */
    public String actionQuestion() {
        return actionQuestion;
    }

    /** Every citation recalled, in recall order, as Coze sent them. */
    public List<Citation> citations() {
        return List.copyOf(citations);
    }

    /** The sources an answer lists: {@link Footnotes#select} of the citations with the default cap. */
    public List<Citation> sources() {
        return Footnotes.select(citations, Footnotes.DEFAULT_CAP);
    }

    public List<String> followUps() {
        return List.copyOf(followUps);
    }

    public TokenUsage usage() {
        return usage;
    }

    /** Why the answer ended early, or null (also while it runs). */
    public AgentFailure failure() {
        return failure;
    }

    public boolean terminal() {
        return terminal;
    }

    /**
     * Whether the newest answer message is complete and nothing since says more text is coming: what Coze sends
     * from here on (suggestions, usage, the end of the chat) does not change the text. False again when another
     * delta, reasoning or a plugin start arrives; stays as it was once the answer ends.
     */
    public boolean settled() {
        return settled;
    }

    /** Whether any answer text arrived. */
    public boolean hasText() {
        return messages.values().stream().anyMatch(m -> !m.toString().isBlank());
    }

    /** How many text deltas arrived. */
    public int deltas() {
        return deltas;
    }

    /** Coze's chat id once the chat started upstream, else null. */
    public String chatId() {
        return chatId;
    }

    public String conversationId() {
        return conversationId;
    }

    private StringBuilder message(String id) {
        return messages.computeIfAbsent(id == null ? "" : id, k -> new StringBuilder());
    }
}
