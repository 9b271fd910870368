package dev.cozebridge.platform.discord;

import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.command.CommandSpec;
import dev.cozebridge.command.Shortcuts;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Author;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Cut;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.ShortcutCall;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.InboundSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import net.dv8tion.jda.api.Permission;
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
 * The slash commands. {@code /ask} and the Coze bot's shortcut commands are deferred at once (Discord allows 3 s)
 * and their answer streams through the interaction hook; {@code /reset} needs Manage Messages in guilds (Discord
 * hides it from others through {@code default_member_permissions}, and a server admin can change that, so it is
 * checked again here) and is open to anyone in DMs; {@code /stop} works for the asker and for members with Manage
 * Messages; {@code /help} answers only the caller. Blocking work leaves JDA's thread.
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
    private static final int MAX_DESCRIPTION = 100;
    private static final int MAX_CHOICES = 25;
    private static final int MAX_OPTIONS = 25;

    private final DiscordInteractions interactions;
    /** The shortcut commands by slash command name, known once the adapter started. */
    private volatile Map<String, Shortcuts.Named> shortcuts = Map.of();

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

    /** The Coze bot's shortcuts, registered as commands of their own. */
    void shortcuts(List<Shortcuts.Named> named) {
        Map<String, Shortcuts.Named> byName = new LinkedHashMap<>();
        named.forEach(n -> byName.put(n.name(), n));
        this.shortcuts = Map.copyOf(byName);
    }

    /**
     * The shortcut commands: each visible component becomes an optional string option (a select offers its
     * choices), described as Coze describes it.
     */
    static List<CommandData> shortcutDefinitions(List<Shortcuts.Named> named) {
        List<CommandData> commands = new ArrayList<>();
        for (Shortcuts.Named shortcut : named) {
            SlashCommandData command = Commands.slash(shortcut.name(), Shortcuts.description(shortcut, MAX_DESCRIPTION))
                    .setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM);
            Set<String> names = new HashSet<>();
            for (BotProfile.Component component : shortcut.shortcut().visibleComponents()) {
                String name = optionName(component.name());
                if (name.isEmpty() || names.size() == MAX_OPTIONS || !names.add(name)) {
                    continue;
                }
                String about = component.description() != null
                                && !component.description().isBlank()
                        ? component.description()
                        : component.name();
                OptionData option = new OptionData(OptionType.STRING, name, cut(about), false);
                if ("select".equals(component.type())) {
                    component.options().stream()
                            .filter(choice -> !choice.isBlank())
                            .limit(MAX_CHOICES)
                            .forEach(choice -> option.addChoice(cut(choice), cut(choice)));
                }
                command.addOptions(option);
            }
            commands.add(command);
        }
        return commands;
    }

    /** Discord option names: 1–32 lower-case letters, digits, {@code -} or {@code _}. */
    static String optionName(String component) {
        String name = component.strip().toLowerCase(Locale.ROOT).replaceAll("[^-_\\p{L}\\p{N}]+", "_");
        return name.length() <= 32 ? name : name.substring(0, 32);
    }

    private static String cut(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return Cut.withEllipsis(flat, MAX_DESCRIPTION);
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
                case "stop" -> stop(event, target);
                case "help" -> whisper(event, target.help(bot, BridgeCommands.Surface.CHAT));
                default -> {
                    Shortcuts.Named shortcut = shortcuts.get(event.getName());
                    if (shortcut != null) {
                        shortcut(event, target, shortcut);
                    } else {
                        whisper(event, catalog.get(Text.COMMAND_UNKNOWN, "/" + event.getName()));
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Discord command /{} (interaction {}) failed", event.getName(), event.getId(), e);
        }
    }

    private void ask(SlashCommandInteractionEvent event, InboundSink target) {
        OptionMapping prompt = event.getOption("prompt");
        String text = prompt == null ? "" : prompt.getAsString().strip();
        OptionMapping file = event.getOption("file");
        List<Attachment> files =
                file == null ? List.of() : List.of(DiscordMedia.attachment(file.getAsAttachment(), false));
        question(event, target, text, files, null);
    }

    /**
     * A shortcut command: its options go to Coze as the shortcut's values, and the command line as the user's
     * text (Coze Studio takes the question from it).
     */
    private void shortcut(SlashCommandInteractionEvent event, InboundSink target, Shortcuts.Named shortcut) {
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder typed = new StringBuilder("/").append(shortcut.name());
        for (BotProfile.Component component : shortcut.shortcut().visibleComponents()) {
            OptionMapping option = event.getOption(optionName(component.name()));
            if (option != null && !option.getAsString().isBlank()) {
                values.put(component.name(), option.getAsString().strip());
                typed.append(' ').append(option.getAsString().strip());
            }
        }
        question(event, target, typed.toString(), List.of(), Shortcuts.fromValues(shortcut.shortcut(), values));
    }

    /** Defers the interaction and hands the question to the core; its answer streams through the hook. */
    private void question(
            SlashCommandInteractionEvent event,
            InboundSink target,
            String text,
            List<Attachment> files,
            ShortcutCall shortcut) {
        DiscordPlace place = DiscordPlace.of(event);
        Author author = DiscordPlace.author(event);
        if (!target.allowed(bot, author, place.places())) {
            whisper(event, catalog.get(Text.NOTICE_NOT_ALLOWED));
            return;
        }
        event.deferReply().queue(null, this::failed);
        String handle = event.getId();
        interactions.register(handle, event.getHook());
        InboundMessage message = new InboundMessage(
                key(place, author),
                event.getId(),
                author,
                text,
                place.target(handle),
                !place.privateChat(),
                event.getTimeCreated().toInstant(),
                place.places(),
                files,
                null,
                false,
                shortcut);
        InboundSink.Acceptance acceptance = target.accept(message);
        LOG.debug("Discord /{} {} in {} → {}", event.getName(), event.getId(), message.key(), acceptance);
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
        DiscordPlace place = DiscordPlace.of(event);
        Author author = DiscordPlace.author(event);
        if (!target.allowed(bot, author, place.places())) {
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
                LOG.error("reset of {}/discord/{} by {} failed", bot, place.scope(), author.id(), e);
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
    private ConversationKey key(DiscordPlace place, Author author) {
        ConversationKey key = new ConversationKey(bot, DiscordInbound.PLATFORM, place.scope());
        return scope == BotSettings.Scope.USER && !place.privateChat() ? key.perAuthor(author.id()) : key;
    }

    /** The asker, or a member with Manage Messages, stops the answer being written in this conversation. */
    private void stop(SlashCommandInteractionEvent event, InboundSink target) {
        DiscordPlace place = DiscordPlace.of(event);
        Author author = DiscordPlace.author(event);
        InboundSink.StopOutcome outcome = target.stop(
                key(place, author),
                author,
                () -> event.getMember() != null
                        && event.getMember().hasPermission(event.getGuildChannel(), Permission.MESSAGE_MANAGE));
        whisper(
                event,
                switch (outcome) {
                    case STOPPED -> catalog.get(Text.NOTICE_STOP_DONE);
                    case NOTHING_RUNNING -> catalog.get(Text.NOTICE_NOTHING_TO_STOP);
                    case NOT_ALLOWED -> catalog.get(Text.NOTICE_STOP_NOT_ALLOWED);
                });
    }

    private void failed(Throwable failure) {
        LOG.warn("Discord interaction response failed: {}", failure.toString());
    }
}
