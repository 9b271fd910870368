package dev.cozebridge.app;

import static org.awaitility.Awaitility.await;

import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.ConfigLoader;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.RecordedStream;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakeDiscordSettings;
import dev.cozebridge.fakes.discord.RestCall;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole application as {@code coze-bridge run} wires it ({@link App} from a bots.yml), with one Telegram bot
 * and one Discord bot, against FakeCoze, FakeTelegram and FakeDiscord at the platforms' real limits (Telegram 1
 * write/s per private chat, 20/min per group and 30/s overall; Discord 5 per 5 s per channel route). Times are
 * taken at the fakes' sockets: FakeCoze reports each SSE frame just before writing it, the platform fakes stamp
 * each request as their HTTP server hands it over. Every question carries a tag ({@code q-<tag>}) so a Coze chat
 * is matched to its platform chat.
 */
final class BenchmarkBridge implements AutoCloseable {

    private static final Pattern TAG = Pattern.compile("q-([A-Za-z0-9]+)");
    private static final String BOT_ID = TestSettings.BOT_ID;

    /** What FakeCoze streams for every question: {@code deltas} answer deltas, {@code pace} between all frames. */
    record Shape(int deltas, Duration pace, List<String> followUps) {
        String answer(String tag) {
            StringBuilder text = new StringBuilder("Answer ").append(tag).append(':');
            for (int i = 1; i < deltas; i++) {
                text.append(" w").append(i);
            }
            return text.toString();
        }
    }

    /** When FakeCoze wrote the frames that matter for one question ({@link System#nanoTime()}, 0 until then). */
    static final class Timing {
        volatile long firstDelta;
        volatile long answerCompleted;
        volatile long chatCompleted;

        void written(String event, String messageType, long nanos) {
            if (event.equals("conversation.message.delta") && "answer".equals(messageType) && firstDelta == 0) {
                firstDelta = nanos;
            } else if (event.equals("conversation.message.completed") && "answer".equals(messageType)) {
                answerCompleted = nanos;
            } else if (event.equals("conversation.chat.completed")) {
                chatCompleted = nanos;
            }
        }
    }

    /** One platform write as the fake received it: a send (new message) or an edit, and whether it was accepted. */
    record Write(long receivedNanos, boolean send, String text, boolean accepted) {}

    /** A chat (Telegram) or channel (Discord) that one reply streams into. */
    record Target(String tag, String id) {}

    /** One platform as the benchmarks drive and observe it. */
    interface Side {
        String name();

        /** Fresh chats, one per reply, never used before (so no earlier write counts against their limits). */
        List<Target> open(int n, String round);

        void ask(Target target);

        /** Every write per target id, oldest first. */
        Map<String, List<Write>> writes();

        /** Whether the platform shows exactly one bot message in the target, with exactly {@code text}. */
        boolean shows(Target target, String text);

        int served429();

        /** Write requests the fake refused (any status other than success). */
        long rejected();

        /** The platform's own limit for one reply's writes and across all, in writes per second. */
        double perReplyLimit();

        double globalLimit();
    }

    final FakeCoze coze = FakeCoze.start();
    final FakeTelegram telegram = FakeTelegram.start(FakeTelegram.Settings.defaults());
    final FakeDiscord discord = FakeDiscord.start(FakeDiscordSettings.defaults());
    final Map<String, Timing> timings = new ConcurrentHashMap<>();
    final App app;
    final Side telegramSide = new TelegramSide(false);
    final Side telegramGroupSide = new TelegramSide(true);
    final Side discordSide;
    volatile Shape shape = new Shape(5, Duration.ofMillis(20), List.of());

    /** @param discordChannels text channels to create before JDA connects (0: no Discord bot) */
    BenchmarkBridge(Path dir, int discordChannels) throws Exception {
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < discordChannels; i++) {
            channels.add(discord.addChannel("bench-" + i));
        }
        discordSide = new DiscordSide(channels);
        coze.defaultScript(this::script);
        Path config = dir.resolve("bots.yml");
        String discordBot = discordChannels == 0 ? "" : """
                  - name: dc
                    coze: {bot_id: "%s"}
                    access: {messages_per_minute: 0}
                    discord: {token_env: DISCORD_TOKEN, api_url: "%s", gateway_url: "%s"}
                """.formatted(BOT_ID, discord.apiUrl(), discord.gatewayUrl());
        Files.writeString(
                config, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN, max_retries: 0, requests_per_second: 0,
                       first_event_timeout: 2m, idle_timeout: 2m, total_timeout: 10m}
                database: {url: "jdbc:h2:file:%s"}
                bots:
                  - name: tg
                    coze: {bot_id: "%s"}
                    access: {messages_per_minute: 0}
                    telegram: {token_env: TELEGRAM_TOKEN, api_url: "%s"}
                %s""".formatted(coze.baseUrl(), dir.resolve("bridge"), BOT_ID, telegram.apiUrl(), discordBot));
        Map<String, String> env = Map.of(
                "COZE_API_TOKEN", coze.token(),
                "TELEGRAM_TOKEN", telegram.token(),
                "DISCORD_TOKEN", discord.token());
        BridgeConfig cfg = new ConfigLoader(env::get).load(config);
        app = new App(cfg, cfg.bots(), Clock.systemUTC());
        app.startPlatforms();
    }

    private Script script(RecordedChat chat) {
        Matcher m = TAG.matcher(chat.lastUserText());
        String tag = m.find() ? m.group(1) : "untagged";
        Timing timing = timings.computeIfAbsent(tag, k -> new Timing());
        Shape s = shape;
        return Script.answer(s.answer(tag))
                .deltas(s.deltas())
                .pace(s.pace())
                .followUps(s.followUps().toArray(String[]::new))
                .onWrite(timing::written);
    }

    /**
     * Asks in every target at once, then waits until each shows its whole answer and FakeCoze has written its
     * {@code chat.completed} (the final text may show before the chat ends).
     */
    void runRound(Side side, List<Target> targets, Duration atMost) {
        for (Target target : targets) {
            side.ask(target);
        }
        Shape s = shape;
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> targets.stream()
                        .allMatch(t -> side.shows(t, s.answer(t.tag()))
                                && timings.containsKey(t.tag())
                                && timings.get(t.tag()).chatCompleted != 0));
    }

    /**
     * What went wrong with Coze so far: streams that ended in a fault or a cut, and questions whose chat FakeCoze
     * never wrote to {@code conversation.chat.completed} (a bridge that hangs up after it, before {@code done}, is
     * fine: Coze clients need not wait for {@code done}).
     */
    List<String> unfinishedStreams() {
        List<String> problems = new ArrayList<>();
        for (RecordedStream stream : coze.streams()) {
            if (!stream.end().equals("COMPLETED") && !stream.end().equals("CLIENT_GONE")) {
                problems.add("chat " + stream.chatId() + " ended " + stream.end());
            }
        }
        timings.forEach((tag, timing) -> {
            if (timing.chatCompleted == 0) {
                problems.add("q-" + tag + " never reached chat.completed");
            }
        });
        return problems;
    }

    static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1))];
    }

    static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p * sorted.length) - 1))];
    }

    /** The most accepted writes inside any one-second window. */
    static int busiestSecond(List<Long> acceptedNanos) {
        long[] at = acceptedNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int best = 0;
        for (int from = 0, to = 0; to < at.length; to++) {
            while (at[to] - at[from] >= 1_000_000_000L) {
                from++;
            }
            best = Math.max(best, to - from + 1);
        }
        return best;
    }

    @Override
    public void close() {
        app.close();
        coze.close();
        telegram.close();
        discord.close();
    }

    /** Private chats, each with its own user, or supergroups where a user mentions the bot. */
    private final class TelegramSide implements Side {
        private static final AtomicInteger USERS = new AtomicInteger(100_000);
        private final boolean groups;
        private final Map<String, FakeTelegram.Chat> chats = new ConcurrentHashMap<>();
        private final Map<String, FakeTelegram.User> people = new ConcurrentHashMap<>();

        TelegramSide(boolean groups) {
            this.groups = groups;
        }

        @Override
        public String name() {
            return groups ? "Telegram groups" : "Telegram private chats";
        }

        @Override
        public List<Target> open(int n, String round) {
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int number = USERS.incrementAndGet();
                FakeTelegram.User user = FakeTelegram.User.human(number, "User" + i, null);
                FakeTelegram.Chat chat = groups
                        ? telegram.supergroup(-1_000_000_000_000L - number, "Group " + number)
                        : telegram.privateChat(user);
                String id = Long.toString(chat.id());
                chats.put(id, chat);
                people.put(id, user);
                targets.add(new Target(round + (groups ? "g" : "t") + i, id));
            }
            return targets;
        }

        @Override
        public void ask(Target target) {
            String mention = groups ? "@" + telegram.bot().username() + " " : "";
            telegram.userSays(chats.get(target.id()), people.get(target.id()), mention + "q-" + target.tag());
        }

        @Override
        public Map<String, List<Write>> writes() {
            Map<String, List<Write>> writes = new HashMap<>();
            for (FakeTelegram.Call call : telegram.calls()) {
                boolean send = call.method().equals("sendmessage");
                if (send || call.method().equals("editmessagetext")) {
                    writes.computeIfAbsent(call.params().path("chat_id").asText(), k -> new ArrayList<>())
                            .add(new Write(
                                    call.receivedNanos(),
                                    send,
                                    call.params().path("text").asText(),
                                    call.status() == 200));
                }
            }
            writes.values().forEach(list -> list.sort((a, b) -> Long.compare(a.receivedNanos(), b.receivedNanos())));
            return writes;
        }

        @Override
        public boolean shows(Target target, String text) {
            List<FakeTelegram.SentMessage> sent = telegram.sent(chats.get(target.id()));
            return sent.size() == 1 && sent.getFirst().text().equals(text);
        }

        @Override
        public int served429() {
            return telegram.served429();
        }

        @Override
        public long rejected() {
            return telegram.calls().stream()
                    .filter(c -> !c.method().equals("getupdates"))
                    .filter(c -> c.status() != 200)
                    .count();
        }

        @Override
        public double perReplyLimit() {
            return groups ? 20 / 60.0 : 1.0;
        }

        @Override
        public double globalLimit() {
            return 30.0;
        }
    }

    /** Guild text channels created up front; each reply takes one never used before. */
    private final class DiscordSide implements Side {
        private static final Pattern WRITE = Pattern.compile("channels/(\\d+)/messages(/\\d+)?");
        private final List<String> channels;
        private int next;

        DiscordSide(List<String> channels) {
            this.channels = channels;
        }

        @Override
        public String name() {
            return "Discord channels";
        }

        @Override
        public synchronized List<Target> open(int n, String round) {
            if (next + n > channels.size()) {
                throw new IllegalStateException("only " + channels.size() + " benchmark channels were created");
            }
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                targets.add(new Target(round + "d" + i, channels.get(next++)));
            }
            return targets;
        }

        @Override
        public void ask(Target target) {
            discord.post(discord.alice(), target.id(), discord.bot().mention() + " q-" + target.tag());
        }

        @Override
        public Map<String, List<Write>> writes() {
            Map<String, List<Write>> writes = new HashMap<>();
            for (RestCall call : discord.calls()) {
                Matcher m = WRITE.matcher(call.path());
                boolean send = call.method().equals("POST") && m.matches() && m.group(2) == null;
                boolean edit = call.method().equals("PATCH") && m.matches() && m.group(2) != null;
                if (send || edit) {
                    writes.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                            .add(new Write(
                                    call.receivedNanos(),
                                    send,
                                    call.body().path("content").asText(),
                                    call.status() / 100 == 2));
                }
            }
            writes.values().forEach(list -> list.sort((a, b) -> Long.compare(a.receivedNanos(), b.receivedNanos())));
            return writes;
        }

        @Override
        public boolean shows(Target target, String text) {
            List<String> messages = discord.botMessages(target.id());
            return messages.size() == 1
                    && discord.text(messages.getFirst()).filter(text::equals).isPresent();
        }

        @Override
        public int served429() {
            return discord.rateLimitsServed();
        }

        @Override
        public long rejected() {
            return discord.calls().stream().filter(c -> c.status() >= 400).count();
        }

        @Override
        public double perReplyLimit() {
            return 1.0;
        }

        @Override
        public double globalLimit() {
            return 50.0;
        }
    }

    static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
