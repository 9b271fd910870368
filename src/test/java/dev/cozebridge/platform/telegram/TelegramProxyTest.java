package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.ProxySettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.fakes.FakeProxy;
import dev.cozebridge.fakes.RecordingSink;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.Database;
import dev.cozebridge.store.Jdbc;
import dev.cozebridge.store.JdbcHistoryStore;
import dev.cozebridge.store.JdbcPlatformStateStore;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code telegram.proxy}: getMe, the long poll and every send go through it, and only through it. */
class TelegramProxyTest {
    private final FakeTelegram fake = FakeTelegram.start(TelegramTestSetup.fakeSettings());
    private final Database database;

    TelegramProxyTest(@TempDir Path folder) {
        database = Database.open("jdbc:h2:file:" + folder.resolve("bridge"));
    }

    @AfterEach
    void close() {
        fake.close();
        database.close();
    }

    private TelegramAdapter adapter(ProxySettings proxy) {
        BotSettings plain = TelegramTestSetup.bot(fake, false, false);
        // a name only the proxy can resolve: nothing reaches the fake without it
        String api = "http://telegram.invalid:" + URI.create(fake.apiUrl()).getPort();
        BotSettings.TelegramSettings t = plain.telegram();
        BotSettings bot = new BotSettings(
                plain.name(),
                plain.botId(),
                plain.coze(),
                plain.customVariables(),
                plain.imageBot(),
                plain.locale(),
                plain.history(),
                plain.access(),
                null,
                new BotSettings.TelegramSettings(t.token(), api, false, false, false, t.editInterval(), null, proxy));
        return new TelegramAdapter(
                bot,
                new JdbcPlatformStateStore(new Jdbc(database.dataSource())),
                new JdbcHistoryStore(new Jdbc(database.dataSource())),
                Clock.systemUTC(),
                BridgeMetrics.NOOP,
                TelegramTestSetup.tuning());
    }

    private void roundTrip(TelegramAdapter adapter) {
        RecordingSink sink = new RecordingSink();
        adapter.start(sink);
        try {
            FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");
            FakeTelegram.Chat chat = fake.privateChat(alice);
            fake.userSays(chat, alice, "through the proxy?");
            await().atMost(Duration.ofSeconds(20)).until(() -> sink.accepted.size() == 1);
            MessageRef sent = adapter.send(sink.accepted.getFirst().replyTarget(), "yes");
            assertThat(fake.sent(chat)).anySatisfy(m -> assertThat(m.text()).isEqualTo("yes"));
            assertThat(sent.channelId()).isEqualTo("555");
        } finally {
            adapter.stop();
        }
    }

    @Test
    void throughASocks5ProxyWithCredentials() {
        try (FakeProxy proxy = FakeProxy.socks5("bridge", "socks-secret").resolve("telegram.invalid", "127.0.0.1")) {
            roundTrip(adapter(new ProxySettings(
                    Proxy.Type.SOCKS, "127.0.0.1", proxy.port(), new Secret("bridge"), new Secret("socks-secret"))));

            assertThat(proxy.upstreams())
                    .isNotEmpty()
                    .allSatisfy(u -> assertThat(u.host()).isEqualTo("telegram.invalid"));
            assertThat(proxy.refusals()).isEmpty();
        }
    }

    @Test
    void throughAnHttpProxyWithCredentials() {
        try (FakeProxy proxy = FakeProxy.http("bridge", "proxy-secret").resolve("telegram.invalid", "127.0.0.1")) {
            roundTrip(adapter(new ProxySettings(
                    Proxy.Type.HTTP, "127.0.0.1", proxy.port(), new Secret("bridge"), new Secret("proxy-secret"))));

            assertThat(proxy.upstreams())
                    .anySatisfy(u -> assertThat(u.how()).endsWithIgnoringCase("/getMe"))
                    .anySatisfy(u -> assertThat(u.how()).endsWithIgnoringCase("/getUpdates"))
                    .anySatisfy(u -> assertThat(u.how()).endsWithIgnoringCase("/sendMessage"))
                    .allSatisfy(u -> assertThat(u.host()).isEqualTo("telegram.invalid"));
            assertThat(proxy.refusals())
                    .as("the first try of each connection is challenged, then answered")
                    .allSatisfy(r -> assertThat(r).startsWith("407"));
        }
    }
}
