package dev.cozebridge.platform.discord;

import dev.cozebridge.command.Shortcuts;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.platform.InboundSink;
import dev.cozebridge.platform.MediaDownload;
import dev.cozebridge.platform.MediaDownloadException;
import dev.cozebridge.platform.MessageAction;
import dev.cozebridge.platform.MessageActions;
import dev.cozebridge.platform.Picture;
import dev.cozebridge.platform.PictureSender;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.platform.PlatformLimits;
import dev.cozebridge.platform.PlatformMarkup;
import dev.cozebridge.platform.StartupBackoff;
import dev.cozebridge.platform.TypingIndicator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bot on Discord through JDA's shard manager. {@link #start} connects this instance's shards
 * ({@code discord.shards}, or every shard Discord recommends), blocks until each has loaded its guilds, and
 * registers the slash commands (with the Coze bot's shortcut commands) when it runs shard 0, so several instances
 * register them once; inbound traffic goes to the sink from JDA's gateway thread without blocking it; sends and
 * edits (with buttons) and pictures (embeds) block the calling (core) thread until Discord answered, paced by JDA's
 * per-bucket rate limiter. Attachments are downloaded from the CDN on the calling (core) thread.
 */
public final class DiscordAdapter
        implements PlatformAdapter, TypingIndicator, MediaDownload, MessageActions, PictureSender {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordAdapter.class);
    static final Duration DEFAULT_EDIT_INTERVAL = Duration.ofSeconds(1);
    /** Discord registers at most 100 global slash commands. */
    private static final int MAX_COMMANDS = 100;

    private final BotSettings bot;
    private final DiscordConnection connection;
    private final DiscordMarkup markup;
    private final DiscordOutbound outbound;
    private final DiscordInbound inbound;
    private final DiscordCommands commands;
    private final DiscordButtons buttons;
    private final DiscordPictures pictures;
    private final PlatformLimits limits;
    private final DiscordMedia media;
    private static final String SHARD_AFFINITY = "discord-shard:";

    private volatile DiscordShards shards;
    private volatile InboundSink sink;
    private boolean starting;
    private boolean stopped;

    public DiscordAdapter(BotSettings bot, Clock clock, BridgeMetrics metrics) {
        this(bot, clock, metrics, StartupBackoff.DEFAULT);
    }

    DiscordAdapter(BotSettings bot, Clock clock, BridgeMetrics metrics, StartupBackoff startup) {
        this(bot, clock, metrics, startup, globalShare(bot));
    }

    /** This instance's part of the bot's global budget: all of it, or its shards' part when they are split. */
    private static DiscordWriteBudget.Pace globalShare(BotSettings bot) {
        BotSettings.ShardSettings shards =
                bot.discord() == null ? null : bot.discord().shards();
        return shards == null
                ? DiscordWriteBudget.Pace.DEFAULT
                : DiscordWriteBudget.Pace.DEFAULT.shareFor(shards.ids().size(), shards.total());
    }

    /** {@code globalPace}: the bot's share of Discord's global limit (tests shrink its window). */
    DiscordAdapter(
            BotSettings bot,
            Clock clock,
            BridgeMetrics metrics,
            StartupBackoff startup,
            DiscordWriteBudget.Pace globalPace) {
        if (bot.discord() == null) {
            throw new IllegalArgumentException("bot " + bot.name() + " has no discord section in bots.yml");
        }
        this.bot = bot;
        this.connection = new DiscordConnection(
                bot.name(),
                bot.discord(),
                metrics,
                startup,
                new DiscordGlobalGate(new DiscordWriteBudget(globalPace, System::nanoTime)));
        this.media = new DiscordMedia(bot.discord().proxy());
        DiscordInteractions interactions = new DiscordInteractions(clock);
        DiscordRefusals refusals =
                new DiscordRefusals(bot.name(), bot.catalog(), () -> shards, interactions, metrics, clock);
        this.outbound = new DiscordOutbound(() -> shards, interactions, refusals);
        this.markup = new DiscordMarkup(bot.catalog());
        this.inbound = new DiscordInbound(
                bot.name(),
                bot.catalog(),
                bot.discord().threadPerConversation(),
                bot.scope(),
                () -> sink,
                outbound,
                refusals);
        this.commands = new DiscordCommands(bot.name(), bot.catalog(), bot.scope(), () -> sink, interactions, metrics);
        this.buttons = new DiscordButtons(bot.name(), () -> sink, refusals);
        this.pictures = new DiscordPictures(outbound, interactions);
        Duration editInterval =
                bot.discord().editInterval() != null ? bot.discord().editInterval() : DEFAULT_EDIT_INTERVAL;
        this.limits = new PlatformLimits(
                DiscordOutbound.MAX_LENGTH, editInterval, Duration.ofSeconds(1), Duration.ofSeconds(8));
    }

    @Override
    public String platform() {
        return DiscordInbound.PLATFORM;
    }

    @Override
    public String bot() {
        return bot.name();
    }

    @Override
    public PlatformLimits limits() {
        return limits;
    }

    @Override
    public PlatformMarkup markup() {
        return markup;
    }

    /**
     * {@inheritDoc}
     *
     * <p>An unreachable API or gateway is retried with backoff until the ready timeout (60 s); {@link #stop()}
     * from another thread ends a start in progress at once.
     */
    @Override
    public void start(InboundSink sink) {
        synchronized (this) {
            if (starting || shards != null) {
                throw new IllegalStateException("Discord adapter of bot " + bot.name() + " is already started");
            }
            starting = true;
            this.sink = sink;
        }
        List<Shortcuts.Named> shortcuts = Shortcuts.of(sink.profile(bot.name()));
        commands.shortcuts(shortcuts);
        DiscordShards connected;
        try {
            connected = connection.connect(List.of(inbound, commands, buttons));
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        synchronized (this) {
            if (stopped) {
                connected.shutdownNow();
                connection.close();
                throw PlatformException.failed(
                        "the start of bot " + bot.name() + " on Discord was cancelled (stopping)", null);
            }
            this.shards = connected;
        }
        registerCommands(connected, shortcuts);
        LOG.info(
                "Discord bot {} connected as {}: shard(s) {}, {} guild(s){}",
                bot.name(),
                connected.selfName(),
                connected.describe(),
                connected.guilds(),
                connected.runsFirst() ? ", DMs" : "");
    }

    /** Commands are global to the application: the instance running shard 0 puts them, the others leave them be. */
    private void registerCommands(DiscordShards connected, List<Shortcuts.Named> shortcuts) {
        if (!connected.runsFirst()) {
            LOG.info("Discord bot {}: slash commands are registered by the instance that runs shard 0", bot.name());
            return;
        }
        try {
            List<CommandData> all = new ArrayList<>(DiscordCommands.definitions(bot.catalog()));
            all.addAll(DiscordCommands.shortcutDefinitions(shortcuts));
            connected
                    .first()
                    .updateCommands()
                    .addCommands(all.subList(0, Math.min(all.size(), MAX_COMMANDS)))
                    .complete();
        } catch (RuntimeException e) {
            // the bot still answers mentions and DMs; say why the commands are missing
            LOG.warn("could not register Discord slash commands for bot {}: {}", bot.name(), e.toString());
        }
    }

    @Override
    public void stop() {
        DiscordShards current;
        synchronized (this) {
            stopped = true;
            current = shards;
            shards = null;
        }
        connection.abort();
        if (current == null) {
            return;
        }
        media.close();
        try {
            current.shutdown(5_000);
        } catch (InterruptedException e) {
            current.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
        }
    }

    @Override
    public MessageRef send(ReplyTarget target, String markdown) {
        return outbound.send(target, markdown);
    }

    @Override
    public void edit(MessageRef message, String markdown) {
        outbound.edit(message, markdown);
    }

    @Override
    public byte[] download(Attachment attachment, long maxBytes) throws MediaDownloadException, InterruptedException {
        return media.download(attachment, maxBytes);
    }

    @Override
    public int maxActions() {
        return DiscordOutbound.MAX_BUTTONS;
    }

    @Override
    public MessageRef send(ReplyTarget target, String markdown, List<MessageAction> actions) {
        return outbound.send(target, markdown, actions);
    }

    @Override
    public void edit(MessageRef message, String markdown, List<MessageAction> actions) {
        outbound.edit(message, markdown, actions);
    }

    @Override
    public void clearActions(MessageRef message) {
        outbound.clearActions(message);
    }

    @Override
    public List<String> sendPictures(ReplyTarget target, List<Picture> list) {
        return pictures.send(target, list);
    }

    @Override
    public void typing(ReplyTarget target) {
        outbound.typing(target);
    }

    /** Queued messages are answered by the instance running the shard of their channel (see DiscordShards). */
    @Override
    public String affinity(ReplyTarget target) {
        DiscordShards current = shards;
        if (current == null || target == null) {
            return null;
        }
        int shard = current.shardOf(target.threadId() != null ? target.threadId() : target.channelId());
        return shard < 0 ? null : SHARD_AFFINITY + shard;
    }

    @Override
    public boolean serves(String affinity) {
        if (affinity == null || !affinity.startsWith(SHARD_AFFINITY)) {
            return true;
        }
        DiscordShards current = shards;
        try {
            return current != null
                    && current.ids().contains(Integer.parseInt(affinity.substring(SHARD_AFFINITY.length())));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Every shard this instance runs is connected. */
    @Override
    public boolean connected() {
        DiscordShards current = shards;
        return current != null && current.connected();
    }

    @Override
    public String toString() {
        return "DiscordAdapter[" + bot.name() + "]";
    }
}
