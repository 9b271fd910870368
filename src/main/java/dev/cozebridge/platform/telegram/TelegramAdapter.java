package dev.cozebridge.platform.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.agent.BotProfile;
import dev.cozebridge.command.BridgeCommands;
import dev.cozebridge.command.CommandSpec;
import dev.cozebridge.command.Shortcuts;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.ProxySettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.net.OutboundProxy;
import dev.cozebridge.platform.DraftPreview;
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
import dev.cozebridge.platform.TypingIndicator;
import dev.cozebridge.platform.WebhookReceiver;
import dev.cozebridge.store.DeliveryLedger;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.PlatformStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * One bot on Telegram: long polling through TelegramBots (on a daemon scheduler this adapter owns), messages
 * and edits in HTML with inline keyboards, pictures by URL, typing status and, in private chats, sendMessageDraft
 * previews; the files people send are downloaded from the configured Bot API server. The Coze bot's shortcut
 * commands join the command menu. See the package documentation for how messages are addressed and scoped.
 */
public final class TelegramAdapter
        implements PlatformAdapter,
                TypingIndicator,
                DraftPreview,
                WebhookReceiver,
                MediaDownload,
                MessageActions,
                PictureSender {

    private static final Logger log = LoggerFactory.getLogger(TelegramAdapter.class);
    private static final Duration DEFAULT_EDIT_INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_COMMANDS = 100;
    private static final int MAX_DESCRIPTION = 256;
    /** Telegram's language codes for each catalog language (IETF codes; Telegram uses "zh" for Chinese). */
    /**
     * The update kinds the bridge handles, for getUpdates and setWebhook alike; edited_message because an edited
     * question is asked again.
     */
    static final List<String> ALLOWED_UPDATES = List.of("message", "edited_message", "callback_query");

    private static final Map<BotLocale, String> LANGUAGE_CODES = Map.of(BotLocale.EN, "en", BotLocale.ZH_CN, "zh");

    private final BotSettings settings;
    private final BotSettings.TelegramSettings telegram;
    private final PlatformStateStore state;
    private final Clock clock;
    private final TelegramTuning tuning;
    private final BridgeMetrics metrics;
    private final TelegramUrl url;
    private final String token;
    private final TelegramFailures failures;
    private final OkHttpClient http;
    private final OkHttpTelegramClient client;
    private final TelegramOutbound outbound;
    private final TelegramPictures pictures;
    private final TelegramMarkup markup;
    private final PlatformLimits limits;
    private final TelegramMedia media;
    private final TelegramMigrations migrations;

    private final Object lifecycle = new Object();
    private TelegramBotsLongPollingApplication polling;
    private ScheduledExecutorService pollThread;
    private volatile PollHealth health;
    private ExecutorService commandThreads;
    private ScheduledExecutorService albumTimer;
    private volatile boolean running;
    private boolean starting;
    private boolean stopped;
    private final TelegramStartup startup;
    /** Null when the bot long-polls. */
    private final TelegramWebhook webhook;

    /** @param history where a group's conversations move when it becomes a supergroup */
    public TelegramAdapter(
            BotSettings bot, PlatformStateStore state, HistoryStore history, Clock clock, BridgeMetrics metrics) {
        this(bot, state, history, null, clock, metrics, TelegramTuning.DEFAULT);
    }

    /** @param deliveries the ledger that drops redelivered webhook updates; required in webhook mode */
    public TelegramAdapter(
            BotSettings bot,
            PlatformStateStore state,
            HistoryStore history,
            DeliveryLedger deliveries,
            Clock clock,
            BridgeMetrics metrics) {
        this(bot, state, history, deliveries, clock, metrics, TelegramTuning.DEFAULT);
    }

    TelegramAdapter(
            BotSettings bot,
            PlatformStateStore state,
            HistoryStore history,
            Clock clock,
            BridgeMetrics metrics,
            TelegramTuning tuning) {
        this(bot, state, history, null, clock, metrics, tuning);
    }

    TelegramAdapter(
            BotSettings bot,
            PlatformStateStore state,
            HistoryStore history,
            DeliveryLedger deliveries,
            Clock clock,
            BridgeMetrics metrics,
            TelegramTuning tuning) {
        if (bot.telegram() == null) {
            throw new IllegalArgumentException("bot " + bot.name() + " has no telegram section");
        }
        if (bot.telegram().webhook() != null && deliveries == null) {
            throw new IllegalArgumentException(
                    "the Telegram webhook of bot " + bot.name() + " needs a delivery ledger");
        }
        this.webhook = bot.telegram().webhook() == null
                ? null
                : new TelegramWebhook(bot.name(), bot.telegram().webhook(), deliveries, clock, metrics);
        this.settings = bot;
        this.markup = new TelegramMarkup(bot.catalog());
        this.telegram = bot.telegram();
        this.state = state;
        this.clock = clock;
        this.tuning = tuning;
        this.url = TelegramApiUrl.parse(
                telegram.apiUrl() == null ? BotSettings.TelegramSettings.DEFAULT_API_URL : telegram.apiUrl());
        this.token = telegram.token().reveal();
        this.failures = new TelegramFailures(token);
        this.http = sendClient(telegram.proxy());
        this.client = new OkHttpTelegramClient(http, token, url);
        this.startup = new TelegramStartup(bot.name(), client, url, failures, tuning.startup());
        this.metrics = metrics;
        TelegramPacing pacing = new TelegramPacing(tuning, System::nanoTime);
        this.migrations = new TelegramMigrations(bot.name(), state, history, clock);
        this.outbound = new TelegramOutbound(client, new TelegramHtml(), pacing, failures, bot.name(), migrations);
        this.pictures = new TelegramPictures(client, pacing, failures, bot.name(), migrations);
        Duration edit = telegram.editInterval() == null ? DEFAULT_EDIT_INTERVAL : telegram.editInterval();
        this.limits = new PlatformLimits(TelegramOutbound.MAX_TEXT, edit, Duration.ofSeconds(1), Duration.ofSeconds(4));
        this.media = new TelegramMedia(client, url, token, failures, telegram.proxy());
    }

    /** A group's writes are paced at its budget's steady rate (one every 3 s by default), a private chat's at 1/s. */
    @Override
    public Duration channelInterval(String channelId) {
        long chatId;
        try {
            chatId = migrations.current(Long.parseLong(channelId));
        } catch (NumberFormatException e) {
            return limits.minChannelInterval();
        }
        TelegramTuning.Pace pace = chatId > 0 ? tuning.privateChat() : tuning.groupChat();
        Duration steady = pace.window().dividedBy(pace.count());
        return steady.compareTo(limits.minChannelInterval()) > 0 ? steady : limits.minChannelInterval();
    }

    /**
     * TelegramBots runs every call through OkHttp's async dispatcher. Its default of 5 calls per host would queue
     * the replies of busy chats behind each other, and its platform threads would keep the JVM alive after stop.
     */
    private static OkHttpClient sendClient(ProxySettings proxy) {
        Dispatcher dispatcher = new Dispatcher(Executors.newVirtualThreadPerTaskExecutor());
        dispatcher.setMaxRequests(128);
        dispatcher.setMaxRequestsPerHost(128);
        return OutboundProxy.apply(new OkHttpClient.Builder(), proxy)
                .dispatcher(dispatcher)
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(60))
                .build();
    }

    @Override
    public String platform() {
        return "telegram";
    }

    @Override
    public String bot() {
        return settings.name();
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
     * <p>An unreachable Bot API (no answer, 5xx, 429) is retried with backoff until the ready timeout (60 s), one
     * log line per attempt; a rejected token fails at once. {@link #stop()} from another thread ends a start in
     * progress at once.
     */
    @Override
    public void start(InboundSink sink) {
        synchronized (lifecycle) {
            if (running || starting) {
                throw new IllegalStateException("Telegram adapter for bot " + bot() + " is already started");
            }
            if (stopped) {
                throw cancelled();
            }
            starting = true;
        }
        // outside the lock, so that stop() can end the wait
        User me = startup.getMe();
        warnIfPrivacyHidesGroupMessages(me);
        List<Shortcuts.Named> shortcuts = Shortcuts.of(sink.profile(bot()));
        synchronized (lifecycle) {
            if (stopped) {
                throw cancelled();
            }
            registerCommands(shortcuts);
            Map<String, BotProfile.Shortcut> byName = new LinkedHashMap<>();
            shortcuts.forEach(named -> byName.put(named.name(), named.shortcut()));
            String offsetKey = "telegram:" + bot() + ":offset";
            long offset = storedOffset(offsetKey);
            commandThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
                    .name("telegram-" + bot() + "-command-", 0)
                    .factory());
            albumTimer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .daemon()
                    .name("telegram-" + bot() + "-albums")
                    .factory());
            TelegramCommands commands = new TelegramCommands(
                    bot(), settings.catalog(), client, failures, telegram.resetByAnyone(), migrations);
            TelegramInbound inbound = new TelegramInbound(
                    bot(),
                    sink,
                    new TelegramAddressing(
                            me.getId(), me.getUserName(), telegram.answerAllGroupMessages(), byName.keySet()),
                    commands,
                    new TelegramCallbacks(bot(), client, failures, commands, migrations),
                    byName,
                    state,
                    offsetKey,
                    offset,
                    clock,
                    commandThreads,
                    settings.scope(),
                    settings.media().albumWindow(),
                    albumTimer,
                    migrations);
            if (webhook != null) {
                startWebhook(me, inbound);
                return;
            }
            pollThread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .daemon()
                    .name("telegram-" + bot() + "-poll")
                    .factory());
            health = new PollHealth(OutboundProxy.apply(new OkHttpClient.Builder(), telegram.proxy())
                    .connectTimeout(Duration.ofSeconds(10))
                    .readTimeout(tuning.pollTimeout().plusSeconds(15))
                    .build());
            OkHttpClient pollHttp =
                    new OkHttpClient.Builder().addInterceptor(health).build();
            polling = new TelegramBotsLongPollingApplication(ObjectMapper::new, () -> pollHttp, () -> pollThread);
            int timeout = (int) Math.max(0, tuning.pollTimeout().toSeconds());
            try {
                polling.registerBot(
                        token,
                        () -> url,
                        lastId -> GetUpdates.builder()
                                .offset((int) Math.max(lastId, inbound.confirmed()) + 1)
                                .limit(100)
                                .timeout(timeout)
                                .allowedUpdates(ALLOWED_UPDATES)
                                .build(),
                        inbound);
            } catch (TelegramApiException e) {
                shutdownPolling();
                throw PlatformException.failed(
                        "Telegram polling for bot " + bot() + " could not start: " + failures.describe(e), null);
            }
            running = true;
            starting = false;
            log.info("Telegram bot {} is polling as @{} (updates after {})", bot(), me.getUserName(), offset);
        }
    }

    /**
     * With privacy mode on (every new bot's default, getMe's {@code can_read_all_group_messages} false), Telegram
     * delivers only commands, mentions and replies from groups, so {@code answer_all_group_messages} would
     * silently answer no more than that. Said once per start.
     */
    private void warnIfPrivacyHidesGroupMessages(User me) {
        if (telegram.answerAllGroupMessages() && !Boolean.TRUE.equals(me.getCanReadAllGroupMessages())) {
            log.warn(
                    "Telegram bot {} (@{}) has answer_all_group_messages: true, but its privacy mode is on, so"
                            + " Telegram sends it only commands, mentions and replies from groups. To turn privacy"
                            + " off: in Telegram open @BotFather, send /setprivacy, choose @{}, then Disable; then"
                            + " remove the bot from each group and add it again (the change applies on re-adding).",
                    bot(),
                    me.getUserName(),
                    me.getUserName());
        }
    }

    /**
     * Webhook mode: Telegram posts updates to the configured URL. setWebhook is idempotent, so every instance sends
     * the same registration; a stop leaves the webhook in place for the instances still running.
     */
    private void startWebhook(User me, TelegramInbound inbound) {
        try {
            client.execute(webhook.registration(ALLOWED_UPDATES));
        } catch (TelegramApiException e) {
            throw PlatformException.failed(
                    "Telegram refused the webhook of bot " + bot() + ": " + failures.describe(e), null);
        }
        webhook.open(inbound);
        running = true;
        log.info("Telegram bot {} receives updates by webhook as @{}", bot(), me.getUserName());
    }

    @Override
    public List<Webhook> webhooks() {
        return webhook == null ? List.of() : List.of(webhook.route());
    }

    @Override
    public void stopReceiving() {
        if (webhook != null) {
            webhook.close();
        }
    }

    private PlatformException cancelled() {
        return TelegramStartup.cancelled(bot());
    }

    /**
     * The command menu: in the bot's language for everyone, and once per catalog language for users whose
     * Telegram app is set to it (Telegram picks the menu by the user's {@code language_code}).
     */
    private void registerCommands(List<Shortcuts.Named> shortcuts) {
        try {
            client.execute(SetMyCommands.builder()
                    .commands(menu(settings.catalog(), shortcuts))
                    .build());
            for (BotLocale locale : BotLocale.values()) {
                client.execute(SetMyCommands.builder()
                        .commands(menu(Catalog.of(locale), shortcuts))
                        .languageCode(LANGUAGE_CODES.get(locale))
                        .build());
            }
        } catch (TelegramApiException e) {
            log.warn("Telegram bot {} could not register its command menu: {}", bot(), failures.describe(e));
        }
    }

    /** /start, then the platform-neutral chat commands, described in {@code catalog}'s language. */
    static List<BotCommand> menu(Catalog catalog) {
        return menu(catalog, List.of());
    }

    /**
     * /start, the platform-neutral chat commands in {@code catalog}'s language, then the Coze bot's shortcuts with
     * Coze's own descriptions (Telegram allows 100 commands, descriptions of 1–256 characters).
     */
    static List<BotCommand> menu(Catalog catalog, List<Shortcuts.Named> shortcuts) {
        List<BotCommand> commands = new ArrayList<>();
        commands.add(new BotCommand(BridgeCommands.START.name(), catalog.get(BridgeCommands.START.description())));
        for (CommandSpec spec : BridgeCommands.offered(BridgeCommands.Surface.CHAT)) {
            commands.add(new BotCommand(spec.name(), catalog.get(spec.description())));
        }
        for (Shortcuts.Named named : shortcuts) {
            if (commands.size() == MAX_COMMANDS) {
                break;
            }
            commands.add(new BotCommand(named.name(), Shortcuts.description(named, MAX_DESCRIPTION)));
        }
        return commands;
    }

    private long storedOffset(String key) {
        String stored = state.get(key).orElse("0");
        try {
            return Long.parseLong(stored);
        } catch (NumberFormatException e) {
            log.warn("Ignoring unreadable Telegram offset '{}' stored for bot {}", stored, bot());
            return 0;
        }
    }

    @Override
    public void stop() {
        startup.abort();
        boolean wasRunning = running;
        if (!wasRunning) {
            // a getMe of a start in progress: end it now instead of at its timeout
            http.dispatcher().cancelAll();
        }
        synchronized (lifecycle) {
            stopped = true;
            running = false;
            if (webhook != null) {
                webhook.close();
            }
            shutdownPolling();
            media.close();
        }
    }

    private void shutdownPolling() {
        if (polling != null) {
            try {
                polling.close();
            } catch (Exception e) {
                log.debug("Closing Telegram polling for bot {}: {}", bot(), failures.describe(e));
            }
            polling = null;
        }
        if (health != null) {
            health.stop();
        }
        if (pollThread != null) {
            pollThread.shutdown();
            try {
                if (!pollThread.awaitTermination(2, TimeUnit.SECONDS)) {
                    pollThread.shutdownNow();
                }
            } catch (InterruptedException e) {
                pollThread.shutdownNow();
                Thread.currentThread().interrupt();
            }
            pollThread = null;
        }
        if (albumTimer != null) {
            albumTimer.shutdownNow();
            albumTimer = null;
        }
        if (commandThreads != null) {
            commandThreads.shutdown();
            try {
                commandThreads.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            commandThreads = null;
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

    /** {@inheritDoc} getFile, then the Bot API server's file route; the URL with the token stays in here. */
    @Override
    public byte[] download(Attachment attachment, long maxBytes) throws MediaDownloadException, InterruptedException {
        return media.download(attachment, maxBytes);
    }

    @Override
    public int maxActions() {
        return 5;
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

    @Override
    public boolean draftsFor(ReplyTarget target) {
        return telegram.drafts() && target.privateChat();
    }

    @Override
    public void draft(ReplyTarget target, long draftId, String markdown) {
        outbound.draft(target, draftId, markdown);
    }

    @Override
    public boolean connected() {
        if (webhook != null) {
            return running;
        }
        PollHealth current = health;
        return running && current != null && current.ok();
    }

    @Override
    public String toString() {
        return "TelegramAdapter[" + bot() + "]";
    }
}
