package dev.cozebridge.fakes.coze;

/** One accepted {@code POST /v1/files/upload}: the {@code file} part and the id the fake returned. */
public record RecordedUpload(String fileId, String fileName, String contentType, byte[] content) {}
