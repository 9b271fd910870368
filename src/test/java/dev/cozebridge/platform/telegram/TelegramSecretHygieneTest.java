package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.ReplyTarget;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.platform.MediaDownloadException;
import dev.cozebridge.platform.PlatformException;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.JdbcPlatformStateStore;
import dev.cozebridge.store.PlatformStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The bot token is in every Bot API URL; it must never reach a log line, an exception or a toString. */
class TelegramSecretHygieneTest {

    private final FakeTelegram fake = FakeTelegram.start(TelegramTestSetup.fakeSettings());
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger ours = (Logger) LoggerFactory.getLogger("dev.cozebridge.platform.telegram");
    private final Logger library = (Logger) LoggerFactory.getLogger("org.telegram");
    private final Database database;
    private final PlatformStateStore state;
    private Level oursBefore;
    private Level libraryBefore;

    TelegramSecretHygieneTest(@TempDir Path folder) {
        database = Database.open("jdbc:h2:file:" + folder.resolve("bridge"));
        state = new JdbcPlatformStateStore(new Jdbc(database.dataSource()));
    }

    @BeforeEach
    void capture() {
        oursBefore = ours.getLevel();
        libraryBefore = library.getLevel();
        ours.setLevel(Level.DEBUG);
        library.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
        ours.setLevel(oursBefore);
        library.setLevel(libraryBefore);
        fake.close();
        database.close();
    }

    @Test
    void failuresOfEveryKindKeepTheTokenSecret() {
        List<String> seen = new ArrayList<>();
        String wrongToken = "111111111:AAwrongSecretValue";
        TelegramAdapter rejected = new TelegramAdapter(
                TelegramTestSetup.bot("helpdesk", wrongToken, fake.apiUrl(), true, false, null),
                state,
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Clock.systemUTC(),
                BridgeMetrics.NOOP,
                TelegramTestSetup.tuning());
        assertThatThrownBy(() -> rejected.start(new RecordingSink())).satisfies(e -> seen.add(chain(e)));
        seen.add(rejected.toString());

        TelegramAdapter adapter = new TelegramAdapter(
                TelegramTestSetup.bot(fake, true, false),
                state,
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Clock.systemUTC(),
                BridgeMetrics.NOOP,
                TelegramTestSetup.tuning());
        RecordingSink sink = new RecordingSink();
        sink.outlet = adapter;
        adapter.start(sink);
        seen.add(adapter.toString());
        FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");
        FakeTelegram.Chat chat = fake.privateChat(alice);
        fake.userSays(chat, alice, "/help");
        await().until(() -> fake.sent(chat).size() == 1);
        ReplyTarget target = new ReplyTarget("555", null, null, null, true);
        fake.message(chat, alice, "").photo(new byte[] {1, 2, 3}).send();
        await().until(() ->
                sink.accepted.stream().anyMatch(m -> !m.attachments().isEmpty()));
        Attachment photo = sink.accepted.stream()
                .filter(m -> !m.attachments().isEmpty())
                .findFirst()
                .orElseThrow()
                .attachments()
                .getFirst();
        seen.add(photo.toString());
        // a connection lost on the file route (its URL holds the token), over the limit, a file Telegram does not know
        fake.dropFileDownloads(1);
        assertThatThrownBy(() -> adapter.download(photo, 1000))
                .isInstanceOf(MediaDownloadException.class)
                .satisfies(e -> seen.add(chain(e)));
        assertThatThrownBy(() -> adapter.download(photo, 2))
                .isInstanceOf(MediaDownloadException.class)
                .satisfies(e -> seen.add(chain(e)));
        assertThatThrownBy(() -> adapter.download(
                        new Attachment(Attachment.Kind.IMAGE, "x.jpg", "image/jpeg", -1, "no-such-file"), 1000))
                .isInstanceOf(MediaDownloadException.class)
                .satisfies(e -> seen.add(chain(e)));
        for (Runnable failing : List.<Runnable>of(
                () -> adapter.edit(new MessageRef("555", "999"), "x"),
                () -> adapter.send(ReplyTarget.channel("-42"), "x"))) {
            assertThatThrownBy(failing::run)
                    .isInstanceOf(PlatformException.class)
                    .satisfies(e -> seen.add(chain(e)));
        }
        fake.close();
        assertThatThrownBy(() -> adapter.download(photo, 1000)).satisfies(e -> seen.add(chain(e)));
        adapter.typing(target);
        assertThatThrownBy(() -> adapter.send(target, "x")).satisfies(e -> seen.add(chain(e)));
        assertThatThrownBy(() -> adapter.draft(target, 7, "x")).satisfies(e -> seen.add(chain(e)));
        await().until(() -> !adapter.connected());
        adapter.stop();

        for (ILoggingEvent event : logs.list) {
            seen.add(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                seen.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(seen)
                .isNotEmpty()
                .allSatisfy(text -> assertThat(text)
                        .doesNotContain(fake.token())
                        .doesNotContain("AAHfakeSecretToken")
                        .doesNotContain(wrongToken)
                        .doesNotContain("AAwrongSecretValue"));
    }

    private static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append(" | ");
        }
        return b.toString();
    }
}
