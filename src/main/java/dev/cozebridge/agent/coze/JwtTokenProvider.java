package dev.cozebridge.agent.coze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.AgentFailureException;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.core.FailureKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth JWT service app (§9.2): signs an RS256 JWT with the app's PKCS#8 key (JDK crypto only), exchanges it at
 * {@code /api/permission/oauth2/token}, caches the access token and mints a new one shortly before its absolute
 * {@code expires_in}. One refresh at a time (single flight): concurrent callers wait and reuse its result.
 */
final class JwtTokenProvider implements TokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(JwtTokenProvider.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration JWT_LIFETIME = Duration.ofMinutes(10);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(30);
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final CozeSettings.OAuthSettings settings;
    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final Clock clock;
    private final ObjectMapper json;
    private final CozeErrors errors;
    private final PrivateKey key;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock lock = new ReentrantLock();
    private String token;
    private Instant expiresAt = Instant.MIN;

    JwtTokenProvider(
            CozeSettings.OAuthSettings settings, HttpUrl baseUrl, OkHttpClient http, Clock clock, ObjectMapper json) {
        this.settings = settings;
        this.baseUrl = baseUrl;
        this.http = http;
        this.clock = clock;
        this.json = json;
        this.errors = new CozeErrors(json);
        this.key = parsePkcs8(settings.privateKeyPem().reveal());
    }

    @Override
    public String bearer() {
        lock.lock();
        try {
            if (token == null || !clock.instant().isBefore(expiresAt.minus(margin()))) {
                mint();
            }
            return token;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void invalidate(String bearer) {
        lock.lock();
        try {
            if (bearer != null && bearer.equals(token)) {
                token = null;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean renewable() {
        return true;
    }

    /** Refresh early: 30 s, or a fifth of the lifetime for short-lived tokens. */
    private Duration margin() {
        Duration fifth = ttl().dividedBy(5);
        return fifth.compareTo(MAX_MARGIN) < 0 ? fifth : MAX_MARGIN;
    }

    private Duration ttl() {
        return settings.tokenTtl() == null ? Duration.ofSeconds(900) : settings.tokenTtl();
    }

    private void mint() {
        String jwt = signedJwt();
        ObjectNode body = json.createObjectNode();
        body.put("grant_type", GRANT_TYPE);
        body.put("duration_seconds", ttl().toSeconds());
        Request request = new Request.Builder()
                .url(baseUrl.newBuilder()
                        .addPathSegments("api/permission/oauth2/token")
                        .build())
                .header("Authorization", "Bearer " + jwt)
                .post(RequestBody.create(body.toString(), JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            String logId = response.header("x-tt-logid");
            JsonNode node = parse(text);
            if (!response.isSuccessful()
                    || node == null
                    || !node.path("access_token").isTextual()
                    || !node.path("expires_in").isNumber()) {
                AgentFailure failure =
                        errors.fromResponse(response.code(), response.header("Content-Type"), text, logId);
                throw new AgentFailureException(new AgentFailure(
                        FailureKind.INVALID_TOKEN,
                        failure.code(),
                        "OAuth token exchange for app " + settings.appId() + " failed: " + failure.message(),
                        logId));
            }
            token = node.get("access_token").asText();
            expiresAt = Instant.ofEpochSecond(node.get("expires_in").asLong());
            LOG.info("Minted a Coze OAuth access token for app {} valid until {}", settings.appId(), expiresAt);
        } catch (IOException e) {
            throw new AgentFailureException(CozeErrors.fromIo(e, false, null));
        }
    }

    private String signedJwt() {
        long now = clock.instant().getEpochSecond();
        ObjectNode header = json.createObjectNode();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", settings.keyId());
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", settings.appId());
        claims.put("aud", baseUrl.host());
        claims.put("iat", now);
        claims.put("exp", now + JWT_LIFETIME.toSeconds());
        byte[] jti = new byte[32];
        random.nextBytes(jti);
        claims.put("jti", HexFormat.of().formatHex(jti));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new AgentFailureException(new AgentFailure(
                    FailureKind.INVALID_TOKEN,
                    0,
                    "cannot sign the OAuth JWT: " + e.getClass().getSimpleName(),
                    null));
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) only, like the Coze console's download; the key never enters a message. */
    static PrivateKey parsePkcs8(String pem) {
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("the OAuth private key is PKCS#1; convert it to PKCS#8 "
                    + "(openssl pkcs8 -topk8 -nocrypt) so it starts with -----BEGIN PRIVATE KEY-----");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the OAuth private key is not a PKCS#8 PEM RSA key");
        }
    }

    @Override
    public String toString() {
        return "JwtTokenProvider[app=" + settings.appId() + ", kid=" + settings.keyId() + "]";
    }
}
