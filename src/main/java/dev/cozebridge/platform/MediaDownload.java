package dev.cozebridge.platform;

import dev.cozebridge.core.Attachment;

/**
 * Optional: the platform can hand over the files people send. The core calls it on the conversation's worker
 * thread, never on a platform event thread, so it may block for as long as the download takes.
 */
public interface MediaDownload {

    /**
     * The bytes of an attachment this adapter produced, at most {@code maxBytes} of them.
     *
     * @throws MediaDownloadException when the platform refuses, the file is gone, or it is larger than {@code maxBytes}
     * @throws InterruptedException when the worker is interrupted (shutdown); the download is abandoned
     */
    byte[] download(Attachment attachment, long maxBytes) throws MediaDownloadException, InterruptedException;
}
