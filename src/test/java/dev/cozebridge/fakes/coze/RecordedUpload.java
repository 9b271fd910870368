package dev.cozebridge.fakes.coze;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One accepted {@code POST /v1/files/upload}: the {@code file} part and the id the fake returned. */
public record RecordedUpload(String fileId, String fileName, String contentType, byte[] content) {

    /** The SHA-256 of the uploaded bytes, hex. */
    public String sha256() {
        return sha256(content);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
