package dev.cozebridge.platform.discord;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.platform.ButtonPress;
import dev.cozebridge.platform.InboundSink;
import java.util.function.Supplier;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pressed buttons (interactions of type 3). Discord wants an answer within 3 seconds, so each press is acknowledged
 * at once with a deferred update (the message stays as it is) and handed to the core; a notice for the presser
 * follows as an ephemeral follow-up only they see.
 */
final class DiscordButtons extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordButtons.class);

    private final String bot;
    private final Supplier<InboundSink> sink;
    private final DiscordRefusals refusals;

    DiscordButtons(String bot, Supplier<InboundSink> sink, DiscordRefusals refusals) {
        this.bot = bot;
        this.sink = sink;
        this.refusals = refusals;
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        InboundSink target = sink.get();
        if (target == null) {
            return;
        }
        try {
            event.deferEdit().queue(null, this::failed);
            DiscordPlace place = DiscordPlace.of(event);
            Author author = DiscordPlace.author(event);
            var hook = event.getHook();
            target.press(new ButtonPress(
                    bot,
                    DiscordInbound.PLATFORM,
                    event.getId(),
                    event.getComponentId(),
                    author,
                    new MessageRef(event.getChannelId(), event.getMessageId()),
                    // should the answer be refused in the channel, the presser hears why through this hook
                    place.target(refusals.pressedBy(event.getId(), author.id(), hook)),
                    !place.privateChat(),
                    place.places(),
                    () -> event.getMember() != null
                            && event.getMember().hasPermission(event.getGuildChannel(), Permission.MESSAGE_MANAGE),
                    notice -> {
                        if (notice != null) {
                            hook.sendMessage(DiscordOutbound.fitted(notice))
                                    .setEphemeral(true)
                                    .setAllowedMentions(DiscordOutbound.NO_MENTIONS)
                                    .queue(null, this::failed);
                        }
                    }));
        } catch (RuntimeException e) {
            LOG.error("Discord button {} (interaction {}) failed", event.getComponentId(), event.getId(), e);
        }
    }

    private void failed(Throwable failure) {
        LOG.warn("Discord button response failed: {}", failure.toString());
    }
}
