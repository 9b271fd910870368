package dev.cozebridge.platform.discord;

import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.command.CommandSpec;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.InboundSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
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
    /** The Discord locales each catalog language is registered for. */
    private static final Map<BotLocale, List<DiscordLocale>> LOCALES = Map.of(
            BotLocale.EN, List.of(DiscordLocale.ENGLISH_US, DiscordLocale.ENGLISH_UK),
            BotLocale.ZH_CN, List.of(DiscordLocale.CHINESE_CHINA));

    private final String bot;
    private final BridgeMetrics metrics;
    private final Catalog catalog;
    private final Supplier<InboundSink> sink;
    private final DiscordInteractions interactions;
    private final BotSettings.Scope scope;

    DiscordCommands(
            String bot,
            Catalog catalog,
            BotSettings.Scope scope,
            Supplier<InboundSink> sink,
            DiscordInteractions interactions,
            BridgeMetrics metrics) {
        this.bot = bot;
        this.scope = scope;
        this.metrics = metrics;
        this.catalog = catalog;
        this.sink = sink;
        this.interactions = interactions;
    }

    /**
     * What {@code updateCommands} registers at start: the platform-neutral chat commands, described in the bot's
     * language, with every other catalog language as a Discord localization.
     */
    static List<CommandData> definitions(Catalog catalog) {
        List<CommandData> commands = new ArrayList<>();
        for (CommandSpec spec : BridgeCommands.offered(BridgeCommands.Surface.CHAT)) {
            SlashCommandData command = Commands.slash(spec.name(), catalog.get(spec.description()))
                    .setDescriptionLocalizations(localized(catalog, spec.description()))
                    .setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM);
            for (CommandSpec.Option option : spec.options()) {
                OptionType type =
                        option.type() == CommandSpec.Option.Type.FILE ? OptionType.ATTACHMENT : OptionType.STRING;
                command.addOptions(
                        new OptionData(type, option.name(), catalog.get(option.description()), option.required())
                                .setDescriptionLocalizations(localized(catalog, option.description())));
            }
            if (spec.equals(BridgeCommands.RESET)) {
                command.setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MESSAGE_MANAGE));
            }
            commands.add(command);
        }
        return commands;
    }

    private static Map<DiscordLocale, String> localized(Catalog primary, Text text) {
        Map<DiscordLocale, String> localizations = new LinkedHashMap<>();
        for (BotLocale locale : BotLocale.values()) {
            if (locale != primary.locale()) {
                for (DiscordLocale discord : LOCALES.get(locale)) {
                    localizations.put(discord, Catalog.of(locale).get(text));
                }
            }
        }
        return localizations;
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
                case "help" -> whisper(event, target.help(bot, BridgeCommands.Surface.CHAT));
                default -> whisper(event, catalog.get(Text.COMMAND_UNKNOWN, "/" + event.getName()));
            }
        } catch (RuntimeException e) {
            LOG.error("Discord command /{} (interaction {}) failed", event.getName(), event.getId(), e);
        }
    }

    private void ask(SlashCommandInteractionEvent event, InboundSink target) {
        Place place = place(event);
        Author author = author(event);
        if (!target.allowed(bot, author, place.places)) {
            whisper(event, catalog.get(Text.NOTICE_NOT_ALLOWED));
            return;
        }
        OptionMapping prompt = event.getOption("prompt");
        String text = prompt == null ? "" : prompt.getAsString().strip();
        OptionMapping file = event.getOption("file");
        List<Attachment> files =
                file == null ? List.of() : List.of(DiscordMedia.attachment(file.getAsAttachment(), false));
        event.deferReply().queue(null, this::failed);
        String handle = event.getId();
        interactions.register(handle, event.getHook());
        InboundMessage message = new InboundMessage(
                key(place, author),
                event.getId(),
                author,
                text,
                new ReplyTarget(place.channelId, place.threadId, null, handle, place.privateChat),
                !place.privateChat,
                event.getTimeCreated().toInstant(),
                place.places,
                files,
                null,
                false);
        InboundSink.Acceptance acceptance = target.accept(message);
        LOG.debug("Discord /ask {} in {} → {}", event.getId(), message.key(), acceptance);
        if (acceptance == InboundSink.Acceptance.DENIED) {
            // the core sends nothing for a denial, but a deferred interaction would say "thinking…" for 15 minutes
            event.getHook()
                    .editOriginal(catalog.get(Text.NOTICE_NOT_ALLOWED))
                    .setAllowedMentions(DiscordOutbound.NO_MENTIONS)
                    .mentionRepliedUser(false)
                    .queue(done -> wrote("edit"), this::failed);
        }
    }

    private void reset(SlashCommandInteractionEvent event, InboundSink target) {
        if (event.isFromGuild()
                && (event.getMember() == null
                        || !event.getMember().hasPermission(event.getGuildChannel(), Permission.MESSAGE_MANAGE))) {
            whisper(event, catalog.get(Text.RESET_NEEDS_MANAGE_MESSAGES));
            return;
        }
        Place place = place(event);
        Author author = author(event);
        if (!target.allowed(bot, author, place.places)) {
            whisper(event, catalog.get(Text.NOTICE_NOT_ALLOWED));
            return;
        }
        event.deferReply(true).queue(null, this::failed);
        var hook = event.getHook();
        // the store write may take a moment; keep it off JDA's gateway thread
        Thread.ofVirtual().name("discord-reset").start(() -> {
            String confirmation;
            try {
                confirmation = target.reset(key(place, author), author);
            } catch (RuntimeException e) {
                LOG.error("reset of {}/discord/{} by {} failed", bot, place.scope, author.id(), e);
                confirmation = catalog.get(Text.RESET_FAILED);
            }
            hook.editOriginal(DiscordOutbound.fitted(confirmation))
                    .setAllowedMentions(DiscordOutbound.NO_MENTIONS)
                    .mentionRepliedUser(false)
                    .queue(done -> wrote("edit"), this::failed);
        });
    }

    /** An answer only the caller sees; like every message of the bot it can ping nobody. */
    private void whisper(SlashCommandInteractionEvent event, String text) {
        event.reply(DiscordOutbound.fitted(text))
                .setEphemeral(true)
                .setAllowedMentions(DiscordOutbound.NO_MENTIONS)
                .mentionRepliedUser(false)
                .queue(done -> wrote("send"), this::failed);
    }

    /** These answers go out here, not through the core, so they are counted here, once. */
    private void wrote(String operation) {
        metrics.platformWrite(DiscordInbound.PLATFORM, operation);
    }

    /** The conversation of a place; with {@code conversation.scope: user}, the caller's own in a guild channel. */
    private ConversationKey key(Place place, Author author) {
        ConversationKey key = new ConversationKey(bot, DiscordInbound.PLATFORM, place.scope);
        return scope == BotSettings.Scope.USER && !place.privateChat ? key.perAuthor(author.id()) : key;
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
