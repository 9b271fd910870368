package dev.cozebridge.store;

import dev.cozebridge.core.Attachment;
import java.time.Instant;

/**
 * A file a user turn carried to Coze, by reference only.
 *
 * @param cozeFileId the id {@code /v1/files/upload} returned; Coze keeps the file about three months
 * @param size       its size in bytes
 * @param uploadedAt when it was uploaded, to tell whether Coze still keeps it
 */
public record StoredFile(Attachment.Kind kind, String name, String cozeFileId, long size, Instant uploadedAt) {}
