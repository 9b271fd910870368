package dev.cozebridge.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Coze {@code user_id} of one person in a group channel: a stable hash of platform and user id, so Coze keeps
 * each speaker's memory and variables apart without learning their real platform id.
 */
final class SpeakerIds {
    private SpeakerIds() {}

    static String of(String platform, String userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((platform + ":" + userId).getBytes(StandardCharsets.UTF_8));
            return "u_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
