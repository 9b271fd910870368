package dev.cozebridge.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cozebridge.config.ProxySettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.fakes.FakeProxy;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wss://} through SOCKS5 as the gateway's WebSocket library asks for it: TLS over the tunnel, verified. */
class TlsOverSocksTest {
    @TempDir
    Path dir;

    private SSLContext tls;
    private SSLServerSocket server;
    private FakeProxy proxy;

    @BeforeEach
    void setUp() throws Exception {
        // a certificate for "localhost" only, made the way an operator would, with the JDK's keytool
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-keystore",
                        store.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit",
                        "-alias",
                        "server",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost",
                        "-validity",
                        "2")
                .redirectErrorStream(true)
                .start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue())
                .as(new String(keytool.getInputStream().readAllBytes()))
                .isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, "changeit".toCharArray());
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(keys);
        tls = SSLContext.getInstance("TLS");
        tls.init(km.getKeyManagers(), tm.getTrustManagers(), null);

        server = (SSLServerSocket)
                tls.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::echo);
        proxy = FakeProxy.socks5("bridge", "socks-secret").resolve("localhost", "127.0.0.1");
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        server.close();
    }

    private void echo() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                String line = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                OutputStream out = client.getOutputStream();
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (Exception e) {
                // a refused handshake or the end of the test
            }
        }
    }

    private ProxySettings settings() {
        return new ProxySettings(
                Proxy.Type.SOCKS, "127.0.0.1", proxy.port(), new Secret("bridge"), new Secret("socks-secret"));
    }

    @Test
    void aResolvedAddressStillReachesTheProxyByNameAndTlsRunsOverTheTunnel() throws Exception {
        // the WebSocket library resolves the name first and connects an unconnected socket to the address
        InetSocketAddress resolved = new InetSocketAddress(InetAddress.getByName("localhost"), server.getLocalPort());
        try (Socket socket = OutboundProxy.socksTls(settings(), tls).createSocket()) {
            socket.connect(resolved, 5_000);
            socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(answer).isEqualTo("ping");
        }
        assertThat(proxy.upstreams()).singleElement().satisfies(u -> {
            assertThat(u.host()).isEqualTo("localhost");
            assertThat(u.how()).isEqualTo("SOCKS5");
        });
    }

    @Test
    void theCertificateMustMatchTheHostName() throws Exception {
        proxy.resolve("other.invalid", "127.0.0.1");
        try (Socket socket = OutboundProxy.socksTls(settings(), tls).createSocket()) {
            assertThatThrownBy(() -> socket.connect(
                            InetSocketAddress.createUnresolved("other.invalid", server.getLocalPort()), 5_000))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }
}
