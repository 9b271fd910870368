package dev.cozebridge.config;

import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.core.Catalog;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of {@code bots}.
 *
 * @param name            unique name: CLI {@code --bot}, OpenAI model id, conversation key
 * @param botId           the Coze bot id, always a string
 * @param customVariables {@code coze.custom_variables}: prompt variables sent with every chat
 * @param imageBot        true when the bot generates images (OpenAI images endpoint)
 * @param locale          the language of the bridge's own sentences ({@code bots[].locale}); never Coze's answers
 * @param discord         null when the bot has no {@code discord} section
 * @param telegram        null when the bot has no {@code telegram} section
 * @param media           {@code media}: what files a question may carry
 * @param scope           {@code conversation.scope}: one conversation per group channel, or one per person in it
 * @param editWindow      {@code edit_window}: how long after sending an edited question is asked again
 * @param display         what of Coze's answer besides its text the chat platforms show ({@code display})
 * @param queue           how queued messages are answered ({@code queue.max_age}, {@code conversation.parallel})
 */
public record BotSettings(
        String name,
        String botId,
        CozeSettings coze,
        Map<String, String> customVariables,
        boolean imageBot,
        BotLocale locale,
        HistorySettings history,
        AccessSettings access,
        DiscordSettings discord,
        TelegramSettings telegram,
        MediaSettings media,
        Scope scope,
        Duration editWindow,
        DisplaySettings display,
        QueueSettings queue) {
    public static final Duration DEFAULT_EDIT_WINDOW = Duration.ofMinutes(5);

    public BotSettings {
        customVariables = Map.copyOf(customVariables);
        Objects.requireNonNull(locale, "locale");
        media = media == null ? MediaSettings.DEFAULT : media;
        scope = scope == null ? Scope.CHANNEL : scope;
        editWindow = editWindow == null ? DEFAULT_EDIT_WINDOW : editWindow;
        display = display == null ? DisplaySettings.DEFAULT : display;
        queue = queue == null ? QueueSettings.DEFAULT : queue;
    }

    /** The settings without the media, conversation and display parts, which take their defaults. */
    public BotSettings(
            String name,
            String botId,
            CozeSettings coze,
            Map<String, String> customVariables,
            boolean imageBot,
            BotLocale locale,
            HistorySettings history,
            AccessSettings access,
            DiscordSettings discord,
            TelegramSettings telegram) {
        this(
                name,
                botId,
                coze,
                customVariables,
                imageBot,
                locale,
                history,
                access,
                discord,
                telegram,
                MediaSettings.DEFAULT,
                Scope.CHANNEL,
                DEFAULT_EDIT_WINDOW,
                DisplaySettings.DEFAULT,
                QueueSettings.DEFAULT);
    }

    /** The sentences this bot writes into chats, in its language. */
    public Catalog catalog() {
        return Catalog.of(locale);
    }

    /** A bot with every optional part at its default; {@link Builder} sets the rest. */
    public static Builder builder(String name, String botId, CozeSettings coze) {
        return new Builder(name, botId, coze);
    }

    /** Builds a {@link BotSettings}; the config loader and tests start from the defaults and set what they read. */
    public static final class Builder {
        private final String name;
        private final String botId;
        private final CozeSettings coze;
        private Map<String, String> customVariables = Map.of();
        private boolean imageBot;
        private BotLocale locale = BotLocale.EN;
        private HistorySettings history = HistorySettings.DEFAULT;
        private AccessSettings access = AccessSettings.DEFAULT;
        private DiscordSettings discord;
        private TelegramSettings telegram;
        private MediaSettings media = MediaSettings.DEFAULT;
        private Scope scope = Scope.CHANNEL;
        private Duration editWindow = DEFAULT_EDIT_WINDOW;
        private DisplaySettings display = DisplaySettings.DEFAULT;
        private QueueSettings queue = QueueSettings.DEFAULT;

        private Builder(String name, String botId, CozeSettings coze) {
            this.name = name;
            this.botId = botId;
            this.coze = coze;
        }

        public Builder customVariables(Map<String, String> value) {
            customVariables = value;
            return this;
        }

        public Builder imageBot(boolean value) {
            imageBot = value;
            return this;
        }

        public Builder locale(BotLocale value) {
            locale = value;
            return this;
        }

        public Builder history(HistorySettings value) {
            history = value;
            return this;
        }

        public Builder access(AccessSettings value) {
            access = value;
            return this;
        }

        public Builder discord(DiscordSettings value) {
            discord = value;
            return this;
        }

        public Builder telegram(TelegramSettings value) {
            telegram = value;
            return this;
        }

        public Builder media(MediaSettings value) {
            media = value;
            return this;
        }

        public Builder scope(Scope value) {
            scope = value;
            return this;
        }

        public Builder editWindow(Duration value) {
            editWindow = value;
            return this;
        }

        public Builder display(DisplaySettings value) {
            display = value;
            return this;
        }

        public Builder queue(QueueSettings value) {
            queue = value;
            return this;
        }

        public BotSettings build() {
            return new BotSettings(
                    name,
                    botId,
                    coze,
                    customVariables,
                    imageBot,
                    locale,
                    history,
                    access,
                    discord,
                    telegram,
                    media,
                    scope,
                    editWindow,
                    display,
                    queue);
        }
    }

    /**
     * How the messages waiting in a conversation are answered.
     *
     * @param maxAge   {@code queue.max_age}: a message that waited longer (the bridge was down) gets a short notice
     *                 instead of a stale answer
     * @param parallel {@code conversation.parallel}: how many answers may stream at once in one conversation (Coze
     *                 gets the whole window with every question, so nothing forces one at a time)
     */
    public record QueueSettings(Duration maxAge, int parallel) {
        public static final QueueSettings DEFAULT = new QueueSettings(Duration.ofMinutes(10), 3);

        public QueueSettings {
            Objects.requireNonNull(maxAge, "maxAge");
            if (parallel < 1) {
                throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
            }
        }
    }

    /** {@code conversation.scope}: who shares a conversation in a group channel. */
    public enum Scope {
        /** Everyone in the channel (thread, group, topic) shares one conversation. */
        CHANNEL,
        /** Each person in a group channel has a conversation of their own there. */
        USER
    }

    /**
     * {@code media}: the files a question may carry.
     *
     * @param maxBytes    the largest file, in bytes (Telegram's cloud Bot API serves at most 20 MB)
     * @param maxFiles    the most files one question (an album, a quoted picture included) may carry
     * @param kinds       the kinds accepted; others get a polite notice
     * @param albumWindow how long a Telegram album is collected after its latest picture before it is asked
     */
    public record MediaSettings(long maxBytes, int maxFiles, Set<Attachment.Kind> kinds, Duration albumWindow) {
        public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
        public static final MediaSettings DEFAULT =
                new MediaSettings(DEFAULT_MAX_BYTES, 10, Set.of(Attachment.Kind.values()), Duration.ofMillis(1500));

        public MediaSettings {
            kinds = Set.copyOf(kinds);
        }

        public boolean accepts(Attachment.Kind kind) {
            return kinds.contains(kind);
        }
    }

    /**
     * {@code history}: the window relayed to Coze.
     *
     * @param maxTurns latest turns at most (Coze accepts 100 messages)
     * @param maxChars total characters at most
     */
    public record HistorySettings(int maxTurns, int maxChars) {
        public static final HistorySettings DEFAULT = new HistorySettings(20, 12_000);
    }

    /**
     * {@code display}: how the chat platforms show what Coze adds to an answer.
     *
     * @param followUpButtons Coze's suggested next questions as buttons under the final message
     *                        ({@code follow_ups: buttons|off})
     * @param stopButton      a Stop button under a streaming answer ({@code stop_button})
     * @param reasoning       the model's chain of thought shown live above the answer ({@code reasoning})
     * @param tools           a status line while a plugin or workflow runs ({@code tools})
     * @param maxImages       pictures of an answer sent natively after it, at most this many ({@code max_images})
     * @param buttonLifetime  how long suggestion buttons keep working ({@code button_lifetime})
     */
    public record DisplaySettings(
            boolean followUpButtons,
            boolean stopButton,
            boolean reasoning,
            boolean tools,
            int maxImages,
            Duration buttonLifetime) {
        public static final DisplaySettings DEFAULT =
                new DisplaySettings(true, true, false, false, 4, Duration.ofHours(24));

        public DisplaySettings {
            Objects.requireNonNull(buttonLifetime, "buttonLifetime");
        }
    }

    /**
     * {@code access}: who may use the bot.
     *
     * @param allowUsers        if non-empty, only these user ids
     * @param denyUsers         never these user ids
     * @param allowChats        if non-empty, only in these chat/channel/thread-parent/guild ids
     * @param denyChats         never in these
     * @param messagesPerMinute per user, across conversations; 0 = unlimited
     * @param queueLimit        waiting messages per conversation before "busy"
     */
    public record AccessSettings(
            Set<String> allowUsers,
            Set<String> denyUsers,
            Set<String> allowChats,
            Set<String> denyChats,
            int messagesPerMinute,
            int queueLimit) {
        public static final AccessSettings DEFAULT = new AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 10, 5);

        public AccessSettings {
            allowUsers = Set.copyOf(allowUsers);
            denyUsers = Set.copyOf(denyUsers);
            allowChats = Set.copyOf(allowChats);
            denyChats = Set.copyOf(denyChats);
        }
    }

    /**
     * {@code discord}.
     *
     * @param apiUrl                REST base, {@code https://discord.com/api/v10/} by default
     * @param gatewayUrl            gateway, {@code wss://gateway.discord.gg/} by default
     * @param threadPerConversation start a thread for each conversation begun by a mention in a channel
     * @param editInterval          minimum gap between edits of one reply, or null for the platform default
     * @param proxy                 for the REST API and the gateway ({@code discord.proxy}, else the top-level
     *                              {@code proxy}), or null
     * @param shards                the gateway shards this instance runs ({@code discord.shards}), or null for
     *                              every shard Discord recommends
     */
    public record DiscordSettings(
            Secret token,
            String apiUrl,
            String gatewayUrl,
            boolean threadPerConversation,
            Duration editInterval,
            ProxySettings proxy,
            ShardSettings shards) {
        public static final String DEFAULT_API_URL = "https://discord.com/api/v10/";
        public static final String DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/";

        /** Without a proxy, every shard Discord recommends in this instance. */
        public DiscordSettings(
                Secret token, String apiUrl, String gatewayUrl, boolean threadPerConversation, Duration editInterval) {
            this(token, apiUrl, gatewayUrl, threadPerConversation, editInterval, null, null);
        }

        /** Every shard Discord recommends, in this instance. */
        public DiscordSettings(
                Secret token,
                String apiUrl,
                String gatewayUrl,
                boolean threadPerConversation,
                Duration editInterval,
                ProxySettings proxy) {
            this(token, apiUrl, gatewayUrl, threadPerConversation, editInterval, proxy, null);
        }
    }

    /**
     * {@code discord.shards}: this instance runs the gateway shards {@code ids} out of {@code total}. Discord sends a
     * guild's events to shard {@code (guild_id >> 22) % total} and DMs to shard 0, so every instance must name the
     * same total and each shard id must run in exactly one instance.
     *
     * @param total the number of shards across all instances, at least 1
     * @param ids   the shards of this instance: distinct, each in {@code [0, total)}, sorted
     */
    public record ShardSettings(int total, java.util.List<Integer> ids) {
        public ShardSettings {
            if (total < 1) {
                throw new IllegalArgumentException("shards.total must be at least 1, not " + total);
            }
            ids = ids.stream().sorted().toList();
            if (ids.isEmpty()
                    || ids.stream().distinct().count() != ids.size()
                    || ids.getFirst() < 0
                    || ids.getLast() >= total) {
                throw new IllegalArgumentException(
                        "shards.ids must be distinct shard ids from 0 to " + (total - 1) + ", not " + ids);
            }
        }
    }

    /**
     * {@code telegram}.
     *
     * @param apiUrl                Bot API server, {@code https://api.telegram.org} by default
     * @param answerAllGroupMessages answer every group message, not only mentions, replies and /ask
     * @param drafts                use sendMessageDraft for the live preview in private chats
     * @param resetByAnyone         let every group member /reset, not only administrators
     * @param editInterval          minimum gap between edits of one reply, or null for the platform default
     * @param webhook               receive updates by webhook instead of long polling, or null
     * @param proxy                 for every Bot API call ({@code telegram.proxy}, else the top-level
     *                              {@code proxy}), or null
     */
    public record TelegramSettings(
            Secret token,
            String apiUrl,
            boolean answerAllGroupMessages,
            boolean drafts,
            boolean resetByAnyone,
            Duration editInterval,
            WebhookSettings webhook,
            ProxySettings proxy) {
        public static final String DEFAULT_API_URL = "https://api.telegram.org";

        /** Long polling (no webhook), no proxy. */
        public TelegramSettings(
                Secret token,
                String apiUrl,
                boolean answerAllGroupMessages,
                boolean drafts,
                boolean resetByAnyone,
                Duration editInterval) {
            this(token, apiUrl, answerAllGroupMessages, drafts, resetByAnyone, editInterval, null, null);
        }

        /** No proxy. */
        public TelegramSettings(
                Secret token,
                String apiUrl,
                boolean answerAllGroupMessages,
                boolean drafts,
                boolean resetByAnyone,
                Duration editInterval,
                WebhookSettings webhook) {
            this(token, apiUrl, answerAllGroupMessages, drafts, resetByAnyone, editInterval, webhook, null);
        }
    }

    /**
     * {@code telegram.webhook}: Telegram posts each update to {@code url}, which a reverse proxy forwards to the
     * bridge's HTTP server at the same path.
     *
     * @param url    the public HTTPS URL given to setWebhook
     * @param secret the secret_token Telegram sends back in {@code X-Telegram-Bot-Api-Secret-Token}
     */
    public record WebhookSettings(String url, Secret secret) {
        /** The path the bridge serves: the URL's path. */
        public String path() {
            return java.net.URI.create(url).getRawPath();
        }
    }
}
