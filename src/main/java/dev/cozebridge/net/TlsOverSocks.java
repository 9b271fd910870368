package dev.cozebridge.net;

import dev.cozebridge.config.ProxySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets through a SOCKS5 proxy, for a library that asks an {@link SSLSocketFactory} for an unconnected
 * socket and then connects it (the Discord gateway's WebSocket client does, for {@code wss://}). Connecting opens
 * the SOCKS tunnel to the host name, then runs TLS over it with SNI and host name verification.
 */
final class TlsOverSocks extends SSLSocketFactory {
    private final ProxySettings proxy;
    private final SSLContext tls;

    TlsOverSocks(ProxySettings proxy, SSLContext tls) {
        this.proxy = proxy;
        this.tls = tls;
    }

    @Override
    public Socket createSocket() {
        return new TunnelledTls();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
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
        return createSocket(address, port);
    }

    /** TLS over a socket that is already connected (through the proxy or not), as the JDK's factory does it. */
    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return secure(s, host, port, autoClose);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getSocketFactory().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSocketFactory().getSupportedCipherSuites();
    }

    private SSLSocket secure(Socket tunnel, String host, int port, boolean autoClose) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(tunnel, host, port, autoClose);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(List.of(new SNIHostName(host)));
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    /**
     * Unconnected until {@link #connect}; from then on every call goes to the TLS socket over the tunnel. This
     * socket itself never opens a connection of its own.
     */
    private final class TunnelledTls extends Socket {
        private volatile SSLSocket ssl;
        private int soTimeout;

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress address)) {
                throw new SocketException("unsupported address " + endpoint);
            }
            String host = address.getHostString();
            Socket tunnel = OutboundProxy.socksSockets(proxy).createSocket();
            try {
                tunnel.setSoTimeout(soTimeout > 0 ? soTimeout : timeout);
                tunnel.connect(address, timeout);
                ssl = secure(tunnel, host, address.getPort(), true);
                ssl.setSoTimeout(soTimeout);
            } catch (IOException | RuntimeException e) {
                tunnel.close();
                throw e;
            }
        }

        private SSLSocket connected() throws SocketException {
            SSLSocket current = ssl;
            if (current == null) {
                throw new SocketException("not connected");
            }
            return current;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return connected().getInputStream();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return connected().getOutputStream();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            soTimeout = timeout;
            if (ssl != null) {
                ssl.setSoTimeout(timeout);
            }
        }

        @Override
        public synchronized int getSoTimeout() throws SocketException {
            return ssl != null ? ssl.getSoTimeout() : soTimeout;
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            connected().setTcpNoDelay(on);
        }

        @Override
        public void setKeepAlive(boolean on) throws SocketException {
            connected().setKeepAlive(on);
        }

        @Override
        public boolean isConnected() {
            return ssl != null && ssl.isConnected();
        }

        @Override
        public boolean isClosed() {
            return ssl != null && ssl.isClosed();
        }

        @Override
        public void shutdownInput() throws IOException {
            connected().shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            connected().shutdownOutput();
        }

        @Override
        public InetAddress getInetAddress() {
            return ssl == null ? null : ssl.getInetAddress();
        }

        @Override
        public int getPort() {
            return ssl == null ? 0 : ssl.getPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return ssl == null ? null : ssl.getRemoteSocketAddress();
        }

        @Override
        public synchronized void close() throws IOException {
            if (ssl != null) {
                ssl.close();
            }
            super.close();
        }

        @Override
        public String toString() {
            return "TLS over " + proxy.describe() + (ssl == null ? " (unconnected)" : " to " + ssl.getInetAddress());
        }
    }
}
