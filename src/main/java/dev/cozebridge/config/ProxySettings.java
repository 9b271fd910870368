package dev.cozebridge.config;

import java.net.InetSocketAddress;
import java.net.Proxy;

/**
 * An outbound proxy ({@code proxy}, {@code coze.proxy}, {@code bots[].discord.proxy}, ...): {@code http://host:port}
 * (CONNECT for TLS, absolute URLs for plain HTTP) or {@code socks5://host:port}, with optional credentials from
 * the environment variables named by {@code username_env} / {@code password_env}.
 *
 * @param username null without credentials
 * @param password null without credentials
 */
public record ProxySettings(Proxy.Type type, String host, int port, Secret username, Secret password) {

    public ProxySettings(Proxy.Type type, String host, int port) {
        this(type, host, port, null, null);
    }

    public ProxySettings {
        if (type == Proxy.Type.DIRECT) {
            throw new IllegalArgumentException("a proxy is HTTP or SOCKS; no proxy is null");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("proxy credentials need both a user name and a password");
        }
    }

    public boolean hasCredentials() {
        return username != null;
    }

    /** The proxy for {@code java.net} and OkHttp; the host is resolved when connecting, not now. */
    public Proxy toProxy() {
        return new Proxy(type, InetSocketAddress.createUnresolved(host, port));
    }

    /** {@code socks5://host:port} or {@code http://host:port}, for logs and messages (never the credentials). */
    public String describe() {
        return (type == Proxy.Type.SOCKS ? "socks5" : "http") + "://" + host + ":" + port;
    }
}
