package dev.cozebridge.fakes.coze;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.UUID;

/**
 * An OAuth JWT service app as the Coze console hands it out: app id, public key fingerprint (kid) and a PKCS#8 PEM
 * private key. The fake holds the public half.
 */
public record OAuthKeys(String appId, String keyId, String privateKeyPem, PublicKey publicKey) {

    public static OAuthKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded());
            String pem = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
            String appId = String.valueOf(1_000_000_000L + (long) (Math.random() * 8_999_999_999L));
            String keyId = UUID.randomUUID().toString().replace("-", "") + "kid";
            return new OAuthKeys(appId, keyId, pem, pair.getPublic());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "OAuthKeys[appId=" + appId + ", keyId=" + keyId + "]";
    }
}
