package dev.cozebridge.fakes.coze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JWT-bearer token endpoint (§9.2): verifies the RS256 JWT against the app's public key, its kid, iss, aud (the
 * host name), exp > iat, a not yet expired exp and a never-seen jti, then issues a {@code czs_} token whose
 * {@code expires_in} is an absolute Unix time.
 */
final class FakeOAuth {
    static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** The outcome of one token request: HTTP status and body, plus what to record. */
    record Outcome(int status, ObjectNode body, RecordedTokenRequest record) {}

    private final ObjectMapper json;
    private final String host;
    private final Set<String> usedJti = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> issued = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile OAuthKeys keys;

    FakeOAuth(ObjectMapper json, String host) {
        this.json = json;
        this.host = host;
    }

    void enable(OAuthKeys keys) {
        this.keys = keys;
    }

    /** True when {@code token} was issued here and has not expired at {@code nowSeconds}. */
    boolean accepts(String token, long nowSeconds) {
        Long expiry = issued.get(token);
        return expiry != null && nowSeconds < expiry;
    }

    boolean issuedHere(String token) {
        return issued.containsKey(token);
    }

    /** Keeps the tokens known (so they are answered as expired, 700012006) but no longer valid. */
    void revokeAll() {
        issued.replaceAll((token, expiry) -> Long.MIN_VALUE);
    }

    Outcome exchange(String authorization, JsonNode body, Clock clock) {
        JsonNode header = null;
        JsonNode claims = null;
        OAuthKeys app = keys;
        if (app == null) {
            return error(404, "access_deny", "no OAuth app is configured on this fake", null, null, body);
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return error(401, "invalid_client", "missing JWT bearer", null, null, body);
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return error(401, "invalid_client", "the bearer is not a JWT", null, null, body);
        }
        try {
            header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return error(401, "invalid_client", "the JWT is not base64url JSON", header, claims, body);
        }
        if (!"RS256".equals(header.path("alg").asText())
                || !app.keyId().equals(header.path("kid").asText())) {
            return error(401, "invalid_client", "unknown kid or alg", header, claims, body);
        }
        if (!verify(app, parts)) {
            return error(401, "invalid_client", "bad JWT signature", header, claims, body);
        }
        long now = clock.instant().getEpochSecond();
        if (!app.appId().equals(claims.path("iss").asText())) {
            return error(401, "invalid_client", "iss is not the app id", header, claims, body);
        }
        if (!host.equals(claims.path("aud").asText())) {
            return error(401, "invalid_client", "aud must be the API host name", header, claims, body);
        }
        long iat = claims.path("iat").asLong(-1);
        long exp = claims.path("exp").asLong(-1);
        if (iat < 0 || exp <= iat || exp <= now) {
            return error(401, "invalid_client", "exp must be after iat and in the future", header, claims, body);
        }
        String jti = claims.path("jti").asText("");
        if (jti.isEmpty() || !usedJti.add(jti)) {
            return error(401, "invalid_client", "the JWT was already used (jti replay)", header, claims, body);
        }
        if (!GRANT.equals(body.path("grant_type").asText())) {
            return error(400, "unsupported_grant_type", "grant_type must be jwt-bearer", header, claims, body);
        }
        long duration = body.path("duration_seconds").asLong(900);
        if (duration < 1 || duration > 86399) {
            return error(400, "invalid_request", "invalid request: duration_seconds", header, claims, body);
        }
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        String token = "czs_" + HexFormat.of().formatHex(raw);
        long expiresIn = now + duration;
        issued.put(token, expiresIn);
        ObjectNode ok = json.createObjectNode();
        ok.put("access_token", token);
        ok.put("expires_in", expiresIn);
        return new Outcome(200, ok, new RecordedTokenRequest(header, claims, body, null, token));
    }

    private static boolean verify(OAuthKeys app, String[] parts) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(app.publicKey());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private Outcome error(int status, String code, String message, JsonNode header, JsonNode claims, JsonNode body) {
        ObjectNode error = json.createObjectNode();
        error.put("error_code", code);
        error.put("error_message", message);
        return new Outcome(status, error, new RecordedTokenRequest(header, claims, body, code, null));
    }
}
