package dev.cozebridge.platform.telegram;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.telegram.telegrambots.meta.TelegramUrl;

/** {@code telegram.api_url} ({@code scheme://host[:port]}) as TelegramBots' {@link TelegramUrl}. */
final class TelegramApiUrl {

    private TelegramApiUrl() {}

    static TelegramUrl parse(String apiUrl) {
        URI uri;
        try {
            uri = new URI(apiUrl.strip());
        } catch (URISyntaxException e) {
            throw invalid(apiUrl);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || !(path.isEmpty() || path.equals("/"))
                || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw invalid(apiUrl);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new TelegramUrl(scheme, uri.getHost(), port, false);
    }

    private static IllegalArgumentException invalid(String apiUrl) {
        return new IllegalArgumentException("telegram.api_url must look like https://api.telegram.org or "
                + "http://host:port (no path), got '" + apiUrl + "'");
    }
}
