package dev.cozebridge.net;

import dev.cozebridge.config.ProxySettings;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user name and password of each configured SOCKS5 proxy, answered to the JDK's SOCKS client. This is the one
 * piece of process-wide state in the bridge, because the JDK asks only the default {@link Authenticator}; it
 * answers SOCKS requests for the registered proxies and nothing else (no HTTP server or proxy authentication).
 */
final class SocksCredentials extends Authenticator {
    private static final SocksCredentials INSTANCE = new SocksCredentials();

    private final Map<String, PasswordAuthentication> byProxy = new ConcurrentHashMap<>();
    private volatile boolean installed;

    private SocksCredentials() {}

    static void register(ProxySettings proxy) {
        INSTANCE.byProxy.put(
                key(proxy.host(), proxy.port()),
                new PasswordAuthentication(
                        proxy.username().reveal(), proxy.password().reveal().toCharArray()));
        INSTANCE.install();
    }

    private synchronized void install() {
        if (!installed) {
            Authenticator.setDefault(this);
            installed = true;
        }
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
        if (!"SOCKS5".equalsIgnoreCase(getRequestingProtocol()) || getRequestingHost() == null) {
            return null;
        }
        return byProxy.get(key(getRequestingHost(), getRequestingPort()));
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
