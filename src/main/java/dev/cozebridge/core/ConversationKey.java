package dev.cozebridge.core;

import java.util.Objects;

/**
 * One conversation: a bot, a platform kind ({@code discord}, {@code telegram}, {@code console}, ...) and a
 * platform scope (a Discord channel or thread, a Telegram chat or {@code chat:topic}, a terminal user).
 */
public record ConversationKey(String bot, String platform, String scope) {
    public ConversationKey {
        Objects.requireNonNull(bot, "bot");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(scope, "scope");
    }

    /**
     * The conversation of one person inside this shared one ({@code conversation.scope: user}): the same place,
     * a history of their own.
     */
    public ConversationKey perAuthor(String authorId) {
        return new ConversationKey(bot, platform, scope + "/user:" + authorId);
    }

    /** Stable text form used in logs and as Coze's {@code user_id}: {@code bot/platform/scope}. */
    @Override
    public String toString() {
        return bot + "/" + platform + "/" + scope;
    }
}
