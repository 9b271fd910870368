package dev.cozebridge.fakes.coze;

/** One accepted {@code POST /v1/audio/transcriptions}: the recording and the text the fake answered. */
public record RecordedTranscription(String fileName, String contentType, byte[] content, String text) {
    public String sha256() {
        return RecordedUpload.sha256(content);
    }
}
