package dev.cozebridge.config;

import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a {@code proxy} key: a URL ({@code socks5://127.0.0.1:1080}), {@code none} to turn an inherited proxy
 * off, or a mapping with {@code url}, {@code username_env} and {@code password_env}.
 */
final class ProxyReader {
    private static final String FORM = "must look like http://host:port or socks5://host:port (or none)";

    private final Function<String, String> environment;

    ProxyReader(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The proxy a section names; {@code inherited} when it names none; empty for {@code none}. */
    Optional<ProxySettings> read(Section s, Optional<ProxySettings> inherited) {
        if (!s.has("proxy")) {
            return inherited;
        }
        if (s.node("proxy").orElseThrow() instanceof YamlTree.Mapping) {
            Section p = s.section("proxy");
            Optional<ProxySettings> proxy = Optional.empty();
            if (p.has("url")) {
                proxy = parse(p, "url", p.string("url").orElse(null));
            } else {
                p.problem("url", "required: http://host:port or socks5://host:port");
            }
            boolean user = p.has("username_env");
            boolean password = p.has("password_env");
            Secret username = user ? p.env("username_env", environment).orElse(null) : null;
            Secret secret = password ? p.env("password_env", environment).orElse(null) : null;
            p.rejectUnknown();
            if (user != password) {
                p.problem(null, "set both username_env and password_env, or neither");
                return Optional.empty();
            }
            if (proxy.isEmpty() || (user && (username == null || secret == null))) {
                return Optional.empty();
            }
            ProxySettings plain = proxy.get();
            return Optional.of(new ProxySettings(plain.type(), plain.host(), plain.port(), username, secret));
        }
        return parse(s, "proxy", s.string("proxy").orElse(null));
    }

    private static Optional<ProxySettings> parse(Section s, String key, String text) {
        if (text == null || text.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        if (Section.hasUserInfo(text)) {
            // never echo the text: it holds a password
            s.problem(
                    key,
                    "must not contain credentials; name environment variables with proxy.username_env and "
                            + "proxy.password_env instead");
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            s.problem(key, FORM + ", not '" + text + "'");
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null || Section.hasUserInfo(text)) {
            // never echo the text: it holds a password
            s.problem(
                    key,
                    "must not contain credentials; name environment variables with proxy.username_env and "
                            + "proxy.password_env instead");
            return Optional.empty();
        }
        if (scheme.equals("https")) {
            s.problem(
                    key,
                    "an https:// proxy (TLS to the proxy itself) is not supported; use http:// (connections to "
                            + "Discord, Telegram and Coze stay encrypted through it) or socks5://");
            return Optional.empty();
        }
        Proxy.Type type = switch (scheme) {
            case "http" -> Proxy.Type.HTTP;
            case "socks5", "socks" -> Proxy.Type.SOCKS;
            default -> null;
        };
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (type == null
                || uri.getHost() == null
                || uri.getPort() <= 0
                || !(path.isEmpty() || path.equals("/"))
                || uri.getRawQuery() != null) {
            s.problem(key, FORM + ", not '" + text + "'");
            return Optional.empty();
        }
        return Optional.of(new ProxySettings(type, uri.getHost(), uri.getPort()));
    }
}
