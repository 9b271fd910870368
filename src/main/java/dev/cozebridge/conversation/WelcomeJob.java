package dev.cozebridge.conversation;

import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.MessageAction;
import dev.cozebridge.platform.MessageActions;
import dev.cozebridge.store.HistoryStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Greets a conversation with the bot's prologue and its suggested questions as buttons, on the conversation's
 * worker, so the greeting comes before the answer to the message that caused it.
 */
final class WelcomeJob implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WelcomeJob.class);

    private final ConversationKey key;
    private final ReplyTarget target;
    private final Author author;
    private final boolean onlyIfNew;
    private final BotRuntime bot;
    private final BotProfile profile;
    private final PlatformOutlet outlet;
    private final HistoryStore store;
    private final Buttons buttons;

    WelcomeJob(
            ConversationKey key,
            ReplyTarget target,
            Author author,
            boolean onlyIfNew,
            BotRuntime bot,
            BotProfile profile,
            PlatformOutlet outlet,
            HistoryStore store,
            Buttons buttons) {
        this.key = key;
        this.target = target;
        this.author = author;
        this.onlyIfNew = onlyIfNew;
        this.bot = bot;
        this.profile = profile;
        this.outlet = outlet;
        this.store = store;
        this.buttons = buttons;
    }

    @Override
    public void run() {
        try {
            if (onlyIfNew && store.exists(key)) {
                return;
            }
            MessageActions platform = outlet.actions();
            List<MessageAction> actions = List.of();
            if (platform != null && bot.settings().display().followUpButtons()) {
                List<String> questions = profile.suggestedQuestions();
                actions = buttons.suggestions(
                        key,
                        questions.subList(0, Math.min(questions.size(), platform.maxActions())),
                        bot.settings().display().buttonLifetime());
            }
            Pager pager = new Pager(outlet.adapter().limits().maxMessageLength());
            outlet.sendPages(target, pager.split(profile.prologueFor(author.displayName())), actions, key.toString());
        } catch (RuntimeException e) {
            log.warn("{}: could not greet {}", key, author.id(), e);
        }
    }
}
