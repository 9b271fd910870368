package dev.cozebridge.config;

import java.time.Duration;

/**
 * How to reach Coze for one bot: the top-level {@code coze} defaults merged with the bot's own {@code coze}
 * overrides.
 *
 * @param baseUrl            {@code https://api.coze.com}, {@code https://api.coze.cn} or a Coze Studio URL
 * @param token              a personal access token, or null when {@code oauth} is used
 * @param oauth              an OAuth JWT service app, or null
 * @param proxy              an HTTP or SOCKS5 proxy for Coze traffic ({@code bots[].coze.proxy}, else
 *                           {@code coze.proxy}, else the top-level {@code proxy}), or null
 * @param requestsPerSecond  client-side limit of requests per token; 0 turns the limit off
 */
public record CozeSettings(
        String baseUrl,
        Secret token,
        OAuthSettings oauth,
        ProxySettings proxy,
        Duration connectTimeout,
        Duration firstEventTimeout,
        Duration idleTimeout,
        Duration totalTimeout,
        int maxRetries,
        double requestsPerSecond) {

    public static final String DEFAULT_BASE_URL = "https://api.coze.com";

    /**
     * {@code coze.oauth}: a JWT service application.
     *
     * @param appId         the OAuth app id (JWT {@code iss})
     * @param keyId         the public key fingerprint (JWT {@code kid})
     * @param privateKeyPem the PKCS#8 PEM private key
     * @param tokenTtl      requested access-token lifetime ({@code duration_seconds})
     */
    public record OAuthSettings(String appId, String keyId, Secret privateKeyPem, Duration tokenTtl) {}

    /** A stable identity of the credential, for sharing one client and one rate limiter per token. */
    public String credentialKey() {
        String who = token != null ? Integer.toHexString(token.hashCode()) : "oauth:" + oauth.appId();
        return baseUrl + "|" + who;
    }
}
