package dev.cozebridge.platform.discord;

import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.Picture;
import dev.cozebridge.platform.PlatformException;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An answer's pictures as embeds with the image URL (media-and-interactions §3.5), up to ten per message, after the
 * answer and through the same channel or interaction. A message Discord refuses is retried embed by embed to find
 * the pictures it cannot take; JDA's own URL check refuses some before they are sent. The core counts the write.
 */
final class DiscordPictures {

    private static final Logger LOG = LoggerFactory.getLogger(DiscordPictures.class);
    private static final int PER_MESSAGE = 10;

    private final DiscordOutbound outbound;
    private final DiscordInteractions interactions;

    DiscordPictures(DiscordOutbound outbound, DiscordInteractions interactions) {
        this.outbound = outbound;
        this.interactions = interactions;
    }

    /** Sends the pictures; returns the URLs Discord (or JDA) refused. */
    List<String> send(ReplyTarget target, List<Picture> pictures) {
        List<String> refused = new ArrayList<>();
        List<MessageEmbed> embeds = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (Picture picture : pictures) {
            try {
                embeds.add(new EmbedBuilder().setImage(picture.url()).build());
                urls.add(picture.url());
            } catch (IllegalArgumentException e) {
                LOG.info("not an embeddable image URL, its link stays in the text: {}", e.getMessage());
                refused.add(picture.url());
            }
        }
        for (int from = 0; from < embeds.size(); from += PER_MESSAGE) {
            int to = Math.min(embeds.size(), from + PER_MESSAGE);
            List<MessageEmbed> part = embeds.subList(from, to);
            if (sent(target, part)) {
                continue;
            }
            for (int i = from; i < to; i++) {
                if (part.size() == 1 || !sent(target, List.of(embeds.get(i)))) {
                    refused.add(urls.get(i));
                }
            }
        }
        return refused;
    }

    /** True when Discord took the message; false when it refused it; throws when the channel is gone. */
    private boolean sent(ReplyTarget target, List<MessageEmbed> embeds) {
        DiscordInteractions.Pending pending = interactions.byHandle(target.handle());
        String where = DiscordOutbound.destination(target);
        try {
            if (pending != null) {
                DiscordOutbound.complete(
                        pending.hook.sendMessageEmbeds(embeds).setAllowedMentions(DiscordOutbound.NO_MENTIONS),
                        "send",
                        "interaction");
            } else {
                MessageChannel channel = outbound.channel(where);
                outbound.write(
                        channel,
                        where,
                        target,
                        "send",
                        true,
                        () -> channel.sendMessageEmbeds(embeds).setAllowedMentions(DiscordOutbound.NO_MENTIONS));
            }
            return true;
        } catch (PlatformException e) {
            // without Embed Links the pictures are refused (logged once per channel), but the channel is not gone
            if (e.kind() == PlatformException.Kind.GONE) {
                throw e;
            }
            LOG.info("Discord refused {} picture(s) in {}: {}", embeds.size(), where, e.getMessage());
            return false;
        }
    }
}
