package dev.cozebridge.platform.discord;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.InboundSink;
import java.util.List;
import java.util.function.Supplier;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slash commands. {@code /ask} is deferred at once (Discord allows 3 s) and its answer streams through the
 * interaction hook; {@code /reset} needs Manage Messages in guilds (Discord hides it from others through
 * {@code default_member_permissions}, and a server admin can change that, so it is checked again here) and is
 * open to anyone in DMs; {@code /help} answers only the caller. Blocking work leaves JDA's thread.
 */
final class DiscordCommands extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordCommands.class);
    static final String NOT_ALLOWED = "You are not allowed to use this bot here.";
    static final String RESET_NEEDS_PERMISSION =
            "You need the Manage Messages permission in this channel to reset the conversation.";

    private final String bot;
    private final Supplier<InboundSink> sink;
    private final DiscordInteractions interactions;

    DiscordCommands(String bot, Supplier<InboundSink> sink, DiscordInteractions interactions) {
        this.bot = bot;
        this.sink = sink;
        this.interactions = interactions;
    }

    /** What {@code updateCommands} registers at start. */
    static List<CommandData> definitions() {
        return List.of(
                Commands.slash("ask", "Ask the bot; the answer is posted in this channel")
                        .addOption(OptionType.STRING, "prompt", "Your question or message", true)
                        .setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM),
                Commands.slash("reset", "Start this channel's conversation afresh (forget the history)")
                        .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MESSAGE_MANAGE))
                        .setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM),
                Commands.slash("help", "What this bot does and how to talk to it")
                        .setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM));
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        InboundSink target = sink.get();
        if (target == null) {
            return;
        }
        try {
            switch (event.getName()) {
                case "ask" -> ask(event, target);
                case "reset" -> reset(event, target);
                case "help" -> whisper(event, target.help(bot));
                default -> whisper(event, "Unknown command.");
            }
        } catch (RuntimeException e) {
            LOG.error("Discord command /{} (interaction {}) failed", event.getName(), event.getId(), e);
        }
    }

    private void ask(SlashCommandInteractionEvent event, InboundSink target) {
        Place place = place(event);
        Author author = author(event);
        if (!target.allowed(bot, author, place.places)) {
            whisper(event, NOT_ALLOWED);
            return;
        }
        OptionMapping prompt = event.getOption("prompt");
        String text = prompt == null ? "" : prompt.getAsString().strip();
        if (text.isEmpty()) {
            whisper(event, "Please write something after /ask.");
            return;
        }
        event.deferReply().queue(null, this::failed);
        String handle = event.getId();
        interactions.register(handle, event.getHook());
        InboundMessage message = new InboundMessage(
                new ConversationKey(bot, DiscordInbound.PLATFORM, place.scope),
                event.getId(),
                author,
                text,
                new ReplyTarget(place.channelId, place.threadId, null, handle, place.privateChat),
                !place.privateChat,
                event.getTimeCreated().toInstant(),
                place.places);
        InboundSink.Acceptance acceptance = target.accept(message);
        LOG.debug("Discord /ask {} in {} → {}", event.getId(), message.key(), acceptance);
        if (acceptance == InboundSink.Acceptance.DENIED) {
            // the core sends nothing for a denial, but a deferred interaction would say "thinking…" for 15 minutes
            event.getHook()
                    .editOriginal(NOT_ALLOWED)
                    .setAllowedMentions(DiscordOutbound.NO_MENTIONS)
                    .mentionRepliedUser(false)
                    .queue(null, this::failed);
        }
    }

    private void reset(SlashCommandInteractionEvent event, InboundSink target) {
        if (event.isFromGuild()
                && (event.getMember() == null
                        || !event.getMember().hasPermission(event.getGuildChannel(), Permission.MESSAGE_MANAGE))) {
            whisper(event, RESET_NEEDS_PERMISSION);
            return;
        }
        Place place = place(event);
        Author author = author(event);
        if (!target.allowed(bot, author, place.places)) {
            whisper(event, NOT_ALLOWED);
            return;
        }
        event.deferReply(true).queue(null, this::failed);
        var hook = event.getHook();
        // the store write may take a moment; keep it off JDA's gateway thread
        Thread.ofVirtual().name("discord-reset").start(() -> {
            String confirmation;
            try {
                confirmation = target.reset(new ConversationKey(bot, DiscordInbound.PLATFORM, place.scope), author);
            } catch (RuntimeException e) {
                LOG.error("reset of {}/discord/{} by {} failed", bot, place.scope, author.id(), e);
                confirmation = "The conversation could not be reset; please try again.";
            }
            hook.editOriginal(DiscordOutbound.fitted(confirmation))
                    .setAllowedMentions(DiscordOutbound.NO_MENTIONS)
                    .mentionRepliedUser(false)
                    .queue(null, this::failed);
        });
    }

    /** An answer only the caller sees; like every message of the bot it can ping nobody. */
    private void whisper(SlashCommandInteractionEvent event, String text) {
        event.reply(DiscordOutbound.fitted(text))
                .setEphemeral(true)
                .setAllowedMentions(DiscordOutbound.NO_MENTIONS)
                .mentionRepliedUser(false)
                .queue(null, this::failed);
    }

    private record Place(String scope, String channelId, String threadId, boolean privateChat, List<String> places) {}

    private static Place place(SlashCommandInteractionEvent event) {
        String channelId = event.getChannelId();
        if (!event.isFromGuild()) {
            return new Place(channelId, channelId, null, true, List.of(channelId));
        }
        String guildId = event.getGuild().getId();
        if (event.getChannel() instanceof ThreadChannel thread) {
            String parent = thread.getParentChannel().getId();
            return new Place(thread.getId(), parent, thread.getId(), false, List.of(thread.getId(), parent, guildId));
        }
        return new Place(channelId, channelId, null, false, List.of(channelId, guildId));
    }

    private static Author author(SlashCommandInteractionEvent event) {
        String name = event.getMember() != null
                ? event.getMember().getEffectiveName()
                : event.getUser().getEffectiveName();
        return new Author(event.getUser().getId(), name);
    }

    private void failed(Throwable failure) {
        LOG.warn("Discord interaction response failed: {}", failure.toString());
    }
}
