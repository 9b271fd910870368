package dev.cozebridge.conversation;

import dev.cozebridge.config.BotSettings.DisplaySettings;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.Cut;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.MessageAction;
import dev.cozebridge.platform.MessageActions;
import dev.cozebridge.platform.Picture;
import dev.cozebridge.platform.PictureSender;
import dev.cozebridge.platform.PlatformAdapter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one reply shows besides its text, as the bot's {@link DisplaySettings} and the platform's optional
 * capabilities allow: the Stop button on the streaming page, Coze's suggestions on the final one, the reasoning
 * above and a tool's status under the streaming text, and the answer's pictures after the final text (their Markdown
 * taken out of it, and put back for those the platform refused). Used by the {@link ReplyStreamer} on its thread only.
 */
final class ReplyExtras {

    private static final Logger log = LoggerFactory.getLogger(ReplyExtras.class);

    private final PlatformAdapter adapter;
    private final MessageActions buttons;
    private final PictureSender pictures;
    private final DisplaySettings display;
    private final ReplyButtons issuer;
    private final Catalog catalog;
    private final String context;
    private final Set<String> refusedPictures = new HashSet<>();
    private List<MessageAction> finalActions;
    private List<AnswerPictures.Found> finalPictures;
    private boolean picturesSent;

    ReplyExtras(
            PlatformAdapter adapter, DisplaySettings display, ReplyButtons issuer, Catalog catalog, String context) {
        this.adapter = adapter;
        this.buttons = adapter instanceof MessageActions a ? a : null;
        this.pictures = adapter instanceof PictureSender p && display.maxImages() > 0 ? p : null;
        this.display = display;
        this.issuer = issuer;
        this.catalog = catalog;
        this.context = context;
    }

    /** The platform's buttons, or null when it has none (plain send and edit then). */
    MessageActions buttons() {
        return buttons;
    }

    /** The Stop button on the live page; the suggestions on the final one; nothing elsewhere. */
    List<MessageAction> actionsFor(ReplyState.Snapshot snapshot, boolean last, boolean live) {
        if (buttons == null) {
            return List.of();
        }
        if (live) {
            MessageAction stop = display.stopButton() ? issuer.stop() : null;
            return stop == null ? List.of() : List.of(stop);
        }
        return last && snapshot.terminal() ? finalActions(snapshot) : List.of();
    }

    /** The suggestion buttons of the final page, issued (stored) once. */
    List<MessageAction> finalActions(ReplyState.Snapshot snapshot) {
        if (finalActions == null) {
            finalActions = List.of();
            boolean wanted = buttons != null
                    && display.followUpButtons()
                    && snapshot.failure() == null
                    && !snapshot.followUps().isEmpty();
            if (wanted) {
                List<String> questions = snapshot.followUps();
                try {
                    finalActions = List.copyOf(
                            issuer.suggestions(questions.subList(0, Math.min(questions.size(), buttons.maxActions()))));
                } catch (RuntimeException e) {
                    log.warn("{}: could not store the suggestion buttons; the answer goes without them", context, e);
                }
            }
        }
        return finalActions;
    }

    /** The final answer text: without the pictures sent natively, except those the platform refused. */
    String finalText(ReplyState.Snapshot snapshot) {
        String text = snapshot.text();
        if (pictures == null) {
            return text;
        }
        if (!picturesSent) {
            // found anew until sent: an answer shown as final may still grow, or fail, before its chat ends
            finalPictures = snapshot.failure() == null ? AnswerPictures.find(text, display.maxImages()) : List.of();
        }
        List<AnswerPictures.Found> shownNatively = finalPictures.stream()
                .filter(found -> !refusedPictures.contains(found.picture().url()))
                .toList();
        String without = AnswerPictures.without(text, shownNatively);
        // an answer that is nothing but pictures keeps its links, so the message has something to say
        return without.isBlank() ? text : without;
    }

    /** Whether the final text is shown and its pictures are still to be sent. */
    boolean picturesDue() {
        return pictures != null && !picturesSent && finalPictures != null && !finalPictures.isEmpty();
    }

    /** Sends the pictures once; throws the platform's failure (a rate limit is then repeated). */
    void sendPictures(ReplyTarget target) {
        List<Picture> list =
                finalPictures.stream().map(AnswerPictures.Found::picture).toList();
        List<String> refused = pictures.sendPictures(target, list);
        picturesSent = true;
        if (!refused.isEmpty()) {
            log.info(
                    "{}: the platform refused {} of {} picture(s); their links stay in the text",
                    context,
                    refused.size(),
                    list.size());
            refusedPictures.addAll(refused);
        }
    }

    /** The pictures could not be sent at all: never tried twice, their links stay in the text instead. */
    void picturesFailed(String why) {
        log.warn("{}: the pictures could not be sent, their links stay in the text: {}", context, why);
        finalPictures.forEach(found -> refusedPictures.add(found.picture().url()));
        picturesSent = true;
    }

    /** The reasoning above the streaming answer, its newest part when it is long. */
    String header(ReplyState.Snapshot snapshot) {
        String reasoning = snapshot.reasoning().strip();
        if (!display.reasoning() || reasoning.isEmpty()) {
            return "";
        }
        int budget = Math.max(40, adapter.limits().maxMessageLength() / 4);
        if (reasoning.length() > budget) {
            // the newest thought is what the reader follows; the cut never leaves half an emoji at the front
            String tail = Cut.tail(reasoning, budget - 1).stripLeading();
            reasoning = "…" + tail;
        }
        return adapter.markup().reasoning(reasoning);
    }

    /** The status line under the streaming answer while a plugin or workflow runs. */
    String status(ReplyState.Snapshot snapshot) {
        if (!display.tools() || !snapshot.toolRunning()) {
            return "";
        }
        String sentence = snapshot.toolName() == null
                ? catalog.get(Text.STATUS_TOOL_UNNAMED)
                : catalog.get(Text.STATUS_TOOL, snapshot.toolName());
        return adapter.markup().status(sentence);
    }
}
