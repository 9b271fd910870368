package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeDiscord;
import dev.cozebridge.fakes.discord.FakeUser;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.HistoryStore;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak, run on demand (tagged {@code benchmark}, so {@code verify} leaves it out): the packaged jar serves 50
 * conversations (half Telegram private chats, half Discord channels) for ten minutes while the fakes inject 429s,
 * 5xx, dropped connections, replies deleted while they are written and Coze streams cut short, and the process is
 * SIGKILLed and restarted five times. Then every accepted question must have exactly one answer on its platform (the
 * answer, or the answer cut short with its notice, or the interrupted answer a restart finalized), none lost, none
 * twice, and no message may keep the streaming marker.
 *
 * <pre>{@code
 * ./mvnw -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT -Dgroups=benchmark -DexcludedGroups=
 * }</pre>
 * {@code -Dsoak.minutes=2 -Dsoak.kills=2} makes a short run. Every answer starts with its question's token
 * ({@code A(q-17)}), so answers are counted on the platforms themselves, the way a user would see them.
 */
@Tag("benchmark")
class SoakIT {
    private static final String MARKER = "▌";
    private static final Duration LENGTH = Duration.ofMinutes(Long.getLong("soak.minutes", 10));
    private static final int KILLS = Integer.getInteger("soak.kills", 5);
    private static final int PER_PLATFORM = Integer.getInteger("soak.conversations", 50) / 2;
    private static final Pattern TOKEN = Pattern.compile("q-\\d+");
    private static final String FILLER = " Soak answers are long enough to stream in a dozen pieces, so that every"
            + " reply is edited several times, and short enough to fit one message on both platforms.";

    @TempDir
    Path dir;

    private final Random random = new Random(20261203);
    private final AtomicInteger questions = new AtomicInteger();
    private final AtomicBoolean up = new AtomicBoolean();
    private final List<Asked> asked = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
    private final Map<String, FakeTelegram.Chat> chatsById = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private FakeCoze coze;
    private FakeTelegram telegram;
    private FakeDiscord discord;
    private Process process;
    private int port;

    /** One question as the test asked it. */
    private record Asked(String platform, String conversation, String token, String messageId) {}

    @Test
    void fiftyConversationsTenMinutesFaultsAndFiveKillsLoseNothingAndAnswerEverythingOnce() throws Exception {
        coze = FakeCoze.start();
        telegram = FakeTelegram.start();
        discord = FakeDiscord.start();
        ScheduledExecutorService users = Executors.newScheduledThreadPool(4);
        try {
            coze.defaultScript(this::answer);
            List<FakeTelegram.Chat> chats = new ArrayList<>();
            for (int i = 0; i < PER_PLATFORM; i++) {
                FakeTelegram.Chat chat =
                        telegram.privateChat(FakeTelegram.User.human(10_000 + i, "User" + i, "user" + i));
                chats.add(chat);
                chatsById.put(Long.toString(chat.id()), chat);
            }
            List<String> channels = new ArrayList<>();
            for (int i = 0; i < PER_PLATFORM; i++) {
                channels.add(discord.addChannel("soak-" + i));
            }
            port = freePort();
            start();
            long startedAt = System.nanoTime();
            long heapAtStart = 0;
            for (FakeTelegram.Chat chat : chats) {
                scheduleTelegram(users, chat);
            }
            for (int i = 0; i < channels.size(); i++) {
                scheduleDiscord(users, channels.get(i), i % 2 == 0 ? discord.alice() : discord.bob());
            }
            users.scheduleWithFixedDelay(() -> injectFault(chats, channels), 3, 3, TimeUnit.SECONDS);

            List<Long> restarts = new ArrayList<>();
            for (int k = 1; k <= KILLS; k++) {
                long killAt = startedAt + LENGTH.toNanos() * k / (KILLS + 1);
                awaitNanos(killAt);
                if (k == 1) {
                    heapAtStart = heapAfterGc();
                }
                up.set(false);
                process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                long restart = System.nanoTime();
                start();
                restarts.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart));
            }
            awaitNanos(startedAt + LENGTH.toNanos());
            users.shutdownNow();
            assertThat(users.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            // quiet: every accepted question answered, nothing streaming
            long quietFrom = System.nanoTime();
            // quiet: Telegram has handed over every update, every Telegram question and all but the Discord ones
            // that never reached the store are answered, nothing streams; unanswered Discord questions are looked up
            // in the store once the bridge has stopped
            AtomicInteger stableFor = new AtomicInteger();
            AtomicInteger lastOnce = new AtomicInteger(-1);
            boolean settled = true;
            try {
                await().atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofSeconds(2))
                        .until(() -> {
                            Map<Asked, Outcome> now = tally();
                            boolean telegramDone = now.entrySet().stream()
                                    .filter(e -> e.getKey().platform().equals("telegram"))
                                    .allMatch(e -> e.getValue() == Outcome.ONCE || e.getValue() == Outcome.SPLIT);
                            int once = (int) (count(now, Outcome.ONCE) + count(now, Outcome.SPLIT));
                            stableFor.set(once == lastOnce.getAndSet(once) ? stableFor.get() + 1 : 0);
                            return telegram.pendingUpdates() == 0
                                    && coze.openStreams() == 0
                                    && telegramDone
                                    && !now.containsValue(Outcome.MARKER)
                                    && (once == asked.size() || stableFor.get() >= 10);
                        });
            } catch (ConditionTimeoutException e) {
                settled = false; // reported below with every question that did not get its one answer
            }
            long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietFrom);
            long heapAtEnd = heapAfterGc();
            stop();

            Map<Asked, Outcome> outcomes = tally();
            int notStored = notStoredDiscordQuestions(outcomes);
            report(outcomes, notStored, restarts, drainMillis, heapAtStart, heapAtEnd);
            assertThat(settled)
                    .as("the bridge settled within 5 minutes after the traffic")
                    .isTrue();
            assertThat(outcomes.values()).doesNotContain(Outcome.TWICE, Outcome.MARKER);
            assertThat(count(outcomes, Outcome.NONE)).isZero();
        } finally {
            users.shutdownNow();
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            PackagedJar.keepLog(dir.resolve("bridge.log"), "SoakIT");
            discord.close();
            telegram.close();
            coze.close();
        }
    }

    /** Coze's answer to a question: its token first, streamed in pieces; now and then cut short or failed. */
    private Script answer(RecordedChat chat) {
        Matcher m = TOKEN.matcher(chat.lastUserText());
        String token = m.find() ? m.group() : "q-unknown";
        Script script = Script.answer("A(" + token + ")" + FILLER).deltas(12).pace(Duration.ofMillis(120));
        int roll;
        synchronized (random) {
            roll = random.nextInt(100);
        }
        if (roll < 4) {
            count("coze cut mid-stream");
            return script.cutAfter(4);
        }
        if (roll < 7) {
            count("coze error mid-stream");
            return script.midStreamError(5000, "soak: the model failed", 5);
        }
        return script;
    }

    private void scheduleTelegram(ScheduledExecutorService users, FakeTelegram.Chat chat) {
        users.schedule(
                () -> {
                    // Telegram keeps what it is sent while the bridge is down: users go on asking
                    String token = "q-" + questions.incrementAndGet();
                    int id = telegram.userSays(chat, chat.peer(), token + " what do you know?");
                    asked.add(new Asked("telegram", Long.toString(chat.id()), token, Integer.toString(id)));
                    scheduleTelegram(users, chat);
                },
                pause(),
                TimeUnit.MILLISECONDS);
    }

    private void scheduleDiscord(ScheduledExecutorService users, String channel, FakeUser user) {
        users.schedule(
                () -> {
                    // Discord's gateway delivers only to a connected session and never again: ask while it runs
                    if (up.get()) {
                        String token = "q-" + questions.incrementAndGet();
                        String id = discord.post(
                                user, channel, discord.bot().mention() + " " + token + " what do you know?");
                        asked.add(new Asked("discord", channel, token, id));
                    }
                    scheduleDiscord(users, channel, user);
                },
                pause(),
                TimeUnit.MILLISECONDS);
    }

    private long pause() {
        synchronized (random) {
            return 4_000 + random.nextInt(12_000);
        }
    }

    private void injectFault(List<FakeTelegram.Chat> chats, List<String> channels) {
        int roll;
        synchronized (random) {
            roll = random.nextInt(8);
        }
        switch (roll) {
            case 0 -> {
                telegram.inject429(2, 1);
                count("telegram 429");
            }
            case 1 -> {
                telegram.injectServerErrors(2);
                count("telegram 5xx");
            }
            case 2 -> {
                telegram.injectResets(1);
                count("telegram reset");
            }
            case 3 -> {
                discord.injectRateLimit("PATCH", "channels/\\d+/messages/\\d+", 1);
                count("discord 429");
            }
            case 4 -> {
                discord.injectServerErrors(2);
                count("discord 5xx");
            }
            case 5 -> {
                discord.injectResets(1);
                count("discord reset");
            }
            case 6 -> {
                for (FakeTelegram.Chat chat : chats) {
                    for (FakeTelegram.SentMessage m : telegram.sent(chat)) {
                        if (m.text().contains(MARKER)) {
                            telegram.deleteBotMessage(chat, m.messageId());
                            count("telegram reply deleted mid-answer");
                            return;
                        }
                    }
                }
            }
            default -> {
                for (String channel : channels) {
                    for (String id : discord.botMessages(channel)) {
                        if (discord.text(id).orElse("").contains(MARKER)) {
                            discord.deleteMessage(id);
                            count("discord reply deleted mid-answer");
                            return;
                        }
                    }
                }
            }
        }
    }

    private void count(String fault) {
        faults.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
    }

    private enum Outcome {
        ONCE,
        /**
         * The reply's first message went out in the instant before a SIGKILL, before its id reached the store, and
         * the restart answered the question with the interrupted notice: one answer shown as two messages. Counted
         * on its own, neither as once nor as twice.
         */
        SPLIT,
        NONE,
        TWICE,
        MARKER
    }

    /** What each question got on its platform, as its user sees it now. */
    private Map<Asked, Outcome> tally() {
        Map<String, List<Shown>> shown = new java.util.HashMap<>();
        Map<Asked, Outcome> outcomes = new java.util.LinkedHashMap<>();
        for (Asked q : asked) {
            List<Shown> messages = shown.computeIfAbsent(q.platform() + "/" + q.conversation(), c -> shown(q));
            // its answer starts with its token; an answer a restart found empty is the interrupted notice alone,
            // quoting the question
            List<Shown> answers = messages.stream()
                    .filter(m -> m.text().startsWith("A(" + q.token() + ")")
                            || (q.messageId().equals(m.repliesTo()) && !m.text().startsWith("A(")))
                    .toList();
            Outcome outcome;
            if (answers.isEmpty()) {
                outcome = Outcome.NONE;
            } else if (answers.size() == 2
                    && answers.get(0).text().startsWith("A(")
                    && answers.get(1).text().contains(interruptedNotice())) {
                outcome = Outcome.SPLIT;
            } else if (answers.size() > 1) {
                outcome = Outcome.TWICE;
            } else if (answers.getFirst().text().contains(MARKER)) {
                outcome = Outcome.MARKER;
            } else {
                outcome = Outcome.ONCE;
            }
            outcomes.put(q, outcome);
        }
        return outcomes;
    }

    /** A bot message as its user sees it: its text and the message it answers, if it quotes one. */
    private record Shown(String text, String repliesTo) {}

    private List<Shown> shown(Asked q) {
        if (q.platform().equals("telegram")) {
            return telegram.sent(chatsById.get(q.conversation())).stream()
                    .map(m -> new Shown(m.text(), m.replyTo() == null ? null : Integer.toString(m.replyTo())))
                    .toList();
        }
        return discord.botMessages(q.conversation()).stream()
                .map(id -> new Shown(
                        discord.text(id).orElse(""), discord.repliesTo(id).orElse(null)))
                .toList();
    }

    /** The interrupted notice as the bridge words it in English (the soak bot's language). */
    private static String interruptedNotice() {
        return dev.cozebridge.fakes.Sentences.en(dev.cozebridge.core.Text.NOTICE_INTERRUPTED);
    }

    private static long count(Map<Asked, Outcome> outcomes, Outcome outcome) {
        return outcomes.values().stream().filter(o -> o == outcome).count();
    }

    /**
     * Discord questions posted to a live session that the bridge never stored: the gateway gives no acknowledgement
     * and does not replay to a new session, so a message dispatched in the instant before a SIGKILL is Discord's to
     * lose. They are reported, not counted as accepted.
     */
    private int notStoredDiscordQuestions(Map<Asked, Outcome> outcomes) {
        int missing = 0;
        try (Database db = Database.open("jdbc:h2:file:" + dir + "/data/bridge")) {
            HistoryStore history = new JdbcHistoryStore(new Jdbc(db.dataSource()));
            for (Asked q : List.copyOf(outcomes.keySet())) {
                if (q.platform().equals("discord")
                        && history.question(new ConversationKey("soak", "discord", q.conversation()), q.messageId())
                                .isEmpty()) {
                    missing++;
                    outcomes.remove(q);
                }
            }
        }
        return missing;
    }

    private void report(
            Map<Asked, Outcome> outcomes,
            int notStored,
            List<Long> restarts,
            long drainMillis,
            long heapAtStart,
            long heapAtEnd) {
        long accepted = outcomes.size();
        StringBuilder out = new StringBuilder("\n=== soak: ")
                .append(LENGTH.toMinutes())
                .append(" min, ")
                .append(PER_PLATFORM)
                .append(" Telegram chats + ")
                .append(PER_PLATFORM)
                .append(" Discord channels, ")
                .append(KILLS)
                .append(" SIGKILL/restart cycles ===\n");
        out.append("questions asked:           ").append(asked.size()).append('\n');
        out.append("accepted (stored):         ").append(accepted).append('\n');
        out.append("answered exactly once:     ")
                .append(count(outcomes, Outcome.ONCE) + count(outcomes, Outcome.SPLIT))
                .append('\n');
        out.append("  of which split at a kill: ")
                .append(count(outcomes, Outcome.SPLIT))
                .append('\n');
        out.append("lost (no answer):          ")
                .append(count(outcomes, Outcome.NONE))
                .append('\n');
        out.append("answered twice:            ")
                .append(count(outcomes, Outcome.TWICE))
                .append('\n');
        out.append("marker left:               ")
                .append(count(outcomes, Outcome.MARKER))
                .append('\n');
        out.append("discord, not stored (dispatched at a kill): ")
                .append(notStored)
                .append('\n');
        out.append("restart to ready (ms):     ").append(restarts).append('\n');
        out.append("drain after traffic (ms):  ").append(drainMillis).append('\n');
        out.append("heap after GC, first process at 1st kill: ")
                .append(heapAtStart / (1024 * 1024))
                .append(" MB; last process at the end: ")
                .append(heapAtEnd / (1024 * 1024))
                .append(" MB\n");
        out.append("faults: ").append(new java.util.TreeMap<>(faults)).append('\n');
        out.append("served by the fakes: telegram 429=")
                .append(telegram.served429())
                .append(" 5xx=")
                .append(telegram.faults().serverErrorsServed())
                .append(" resets=")
                .append(telegram.faults().resetsServed())
                .append("; discord 429=")
                .append(discord.rateLimitsServed())
                .append(" 5xx=")
                .append(discord.faults().serverErrorsServed())
                .append(" resets=")
                .append(discord.faults().resetsServed())
                .append("; coze chats=")
                .append(coze.chats().size())
                .append('\n');
        System.out.println(out);
        outcomes.forEach((q, o) -> {
            if (o != Outcome.ONCE && o != Outcome.SPLIT) {
                System.out.println("  " + o + ": " + q + " -> " + shown(q));
            }
        });
    }

    private void start() throws IOException {
        Path config = dir.resolve("bots.yml");
        Files.writeString(config, """
                coze: {base_url: "%s", token_env: COZE_API_TOKEN, requests_per_second: 0}
                database: {url: "jdbc:h2:file:%s/data/bridge"}
                http: {port: %d, host: 127.0.0.1, api_keys_env: BRIDGE_API_KEYS}
                bots:
                  - name: soak
                    coze: {bot_id: "7400000000000000001"}
                    access: {messages_per_minute: 0, queue_limit: 100}
                    telegram: {token_env: TELEGRAM_BOT_TOKEN, api_url: "%s"}
                    discord: {token_env: DISCORD_BOT_TOKEN, api_url: "%s", gateway_url: "%s"}
                """.formatted(
                        coze.baseUrl(), dir, port, telegram.apiUrl(), discord.apiUrl(), discord.gatewayUrl()));
        process = PackagedJar.run(
                        config,
                        dir.resolve("bridge.log"),
                        Map.of(
                                "COZE_API_TOKEN",
                                coze.token(),
                                "TELEGRAM_BOT_TOKEN",
                                telegram.token(),
                                "DISCORD_BOT_TOKEN",
                                discord.token(),
                                "BRIDGE_API_KEYS",
                                "soak-key",
                                "JAVA_TOOL_OPTIONS",
                                "-Xmx256m"))
                .start();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get("/readyz") == 200);
        up.set(true);
    }

    private void stop() throws InterruptedException {
        up.set(false);
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private int get(String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The bridge's heap in use after a full GC (jcmd), from its own /metrics. */
    private long heapAfterGc() throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process gc = new ProcessBuilder(java.resolveSibling("jcmd").toString(), Long.toString(process.pid()), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(gc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return (long) metrics.lines()
                .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void awaitNanos(long deadline) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            await().atMost(Duration.ofNanos(left).plusSeconds(5))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> System.nanoTime() >= deadline);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
