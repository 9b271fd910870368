package dev.cozebridge.platform.discord;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.ReplyTarget;
import java.util.List;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.interactions.Interaction;

/**
 * Where an interaction (a slash command, a pressed button) happened, in the core's terms: a channel, a thread in
 * it, or a DM, each its own conversation.
 *
 * @param places the ids the allow and deny lists look at: thread, channel, guild (those that apply)
 */
record DiscordPlace(String scope, String channelId, String threadId, boolean privateChat, List<String> places) {

    static DiscordPlace of(Interaction event) {
        String channelId = event.getChannelId();
        if (!event.isFromGuild()) {
            return new DiscordPlace(channelId, channelId, null, true, List.of(channelId));
        }
        String guildId = event.getGuild().getId();
        if (event.getChannel() instanceof ThreadChannel thread) {
            String parent = thread.getParentChannel().getId();
            return new DiscordPlace(
                    thread.getId(), parent, thread.getId(), false, List.of(thread.getId(), parent, guildId));
        }
        return new DiscordPlace(channelId, channelId, null, false, List.of(channelId, guildId));
    }

    /** Where an answer goes, optionally through a deferred interaction's {@code handle}. */
    ReplyTarget target(String handle) {
        return new ReplyTarget(channelId, threadId, null, handle, privateChat);
    }

    static Author author(Interaction event) {
        String name = event.getMember() != null
                ? event.getMember().getEffectiveName()
                : event.getUser().getEffectiveName();
        return new Author(event.getUser().getId(), name);
    }
}
