package dev.cozebridge.net;

import dev.cozebridge.config.ProxySettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.security.NoSuchAlgorithmException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * Puts a proxy on an OkHttp client or makes sockets through it. HTTP proxy credentials are answered to the
 * proxy's 407 challenge per client; SOCKS5 credentials can only reach the JDK's SOCKS code through the default
 * {@link java.net.Authenticator}, so they are registered with {@link SocksCredentials}.
 */
public final class OutboundProxy {
    private OutboundProxy() {}

    /** Routes every call of {@code builder}'s client through {@code proxy}; null leaves it direct. */
    public static OkHttpClient.Builder apply(OkHttpClient.Builder builder, ProxySettings proxy) {
        if (proxy == null) {
            return builder;
        }
        builder.proxy(proxy.toProxy());
        if (proxy.hasCredentials()) {
            if (proxy.type() == java.net.Proxy.Type.HTTP) {
                String basic = Credentials.basic(
                        proxy.username().reveal(), proxy.password().reveal());
                builder.proxyAuthenticator((route, response) -> {
                    if (basic.equals(response.request().header("Proxy-Authorization"))) {
                        return null; // these credentials were refused already: give up instead of looping
                    }
                    return response.request()
                            .newBuilder()
                            .header("Proxy-Authorization", basic)
                            .build();
                });
            } else {
                SocksCredentials.register(proxy);
            }
        }
        return builder;
    }

    /**
     * Sockets that connect through a SOCKS5 proxy and let the proxy resolve the host name: a caller that has
     * already looked the name up (the gateway's WebSocket library does) still sends the name, not the address.
     */
    public static SocketFactory socksSockets(ProxySettings proxy) {
        if (proxy.type() != java.net.Proxy.Type.SOCKS) {
            throw new IllegalArgumentException("not a SOCKS proxy: " + proxy.describe());
        }
        if (proxy.hasCredentials()) {
            SocksCredentials.register(proxy);
        }
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new RemoteNameSocket(proxy);
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                Socket socket = createSocket();
                socket.connect(InetSocketAddress.createUnresolved(host, port));
                return socket;
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                Socket socket = createSocket();
                socket.bind(new InetSocketAddress(localHost, localPort));
                socket.connect(InetSocketAddress.createUnresolved(host, port));
                return socket;
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                Socket socket = createSocket();
                socket.connect(new InetSocketAddress(host, port));
                return socket;
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                Socket socket = createSocket();
                socket.bind(new InetSocketAddress(localAddress, localPort));
                socket.connect(new InetSocketAddress(address, port));
                return socket;
            }
        };
    }

    /** TLS sockets through a SOCKS5 proxy, with the JDK's trust store; see {@link #socksSockets}. */
    public static SSLSocketFactory socksTls(ProxySettings proxy) {
        try {
            return socksTls(proxy, SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    static SSLSocketFactory socksTls(ProxySettings proxy, SSLContext tls) {
        socksSockets(proxy); // checks the type, registers the credentials
        return new TlsOverSocks(proxy, tls);
    }

    /** A SOCKS socket that hands the proxy the host name it was looked up by, where there is one. */
    private static final class RemoteNameSocket extends Socket {
        RemoteNameSocket(ProxySettings proxy) {
            super(proxy.toProxy());
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (endpoint instanceof InetSocketAddress address && !address.isUnresolved()) {
                String name = address.getHostString();
                if (!name.equals(address.getAddress().getHostAddress())) {
                    endpoint = InetSocketAddress.createUnresolved(name, address.getPort());
                }
            }
            super.connect(endpoint, timeout);
        }
    }
}
