package dev.cozebridge.conversation;

import dev.cozebridge.agent.AgentFailureException;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.Catalog;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.Text;
import dev.cozebridge.platform.MediaDownload;
import dev.cozebridge.platform.MediaDownloadException;
import dev.cozebridge.platform.PlatformAdapter;
import dev.cozebridge.store.StoredFile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a question of what someone sent, on the conversation's worker: checks the bot's media limits before
 * anything is fetched, downloads each file through the adapter, transcribes voice and audio, uploads everything
 * else to Coze once, and composes the question text (caption or transcript, the quoted message, a short default
 * prompt when there are files but no words).
 */
final class QuestionMedia {

    /** What preparing a question came to. */
    sealed interface Outcome {}

    /**
     * Ready to ask.
     *
     * @param text  the question text as stored and relayed
     * @param files the uploaded files, in order (the quoted message's pictures last)
     * @param heard what the voice or audio said, to show the user in one line; null when there was none
     */
    record Ready(String text, List<StoredFile> files, String heard) implements Outcome {}

    /**
     * Not asked: the user gets {@code notice}, the log {@code reason}.
     *
     * @param failure true for a failed download, upload or transcription (logged as a warning), false for a
     *                question over a limit (logged as information)
     */
    record Refused(String notice, String reason, boolean failure) implements Outcome {}

    private final BotRuntime bot;
    private final PlatformAdapter adapter;
    private final Clock clock;

    QuestionMedia(BotRuntime bot, PlatformAdapter adapter, Clock clock) {
        this.bot = bot;
        this.adapter = adapter;
        this.clock = clock;
    }

    /** The question text without any files: caption, default prompt when files came alone, the quote in front. */
    String text(InboundMessage message, boolean hasFiles) {
        String base = message.text().strip();
        if (base.isEmpty() && hasFiles) {
            base = catalog().get(Text.MEDIA_DEFAULT_PROMPT);
        }
        return QuotedText.compose(
                base, message.quote(), catalog(), bot.settings().history().maxChars());
    }

    /**
     * Prepares {@code message}; blocks for the downloads, uploads and transcriptions.
     *
     * @throws InterruptedException when the worker is interrupted (shutdown)
     */
    Outcome prepare(InboundMessage message) throws InterruptedException {
        List<Attachment> all = new ArrayList<>(message.attachments());
        if (message.quote() != null) {
            all.addAll(message.quote().images());
        }
        if (all.isEmpty()) {
            return new Ready(text(message, false), List.of(), null);
        }
        List<StoredFile> files = new ArrayList<>();
        List<String> spoken = new ArrayList<>();
        Refused refused = gather(all, files, spoken);
        if (refused != null) {
            return refused;
        }
        String heard = spoken.isEmpty() ? null : String.join(" ", spoken);
        InboundMessage asked = heard == null ? message : withHeard(message, heard);
        return new Ready(text(asked, !files.isEmpty()), List.copyOf(files), heard);
    }

    /**
     * The text of an edited question. Its other files were uploaded with the first version and stay the stored
     * turn's; its voice or audio is transcribed again, since only the combined text was kept, and without it the
     * new caption would go to Coze without what was said.
     *
     * @param hasFiles whether the stored turn has files (they call for the default prompt beside them)
     * @throws InterruptedException when the worker is interrupted (shutdown)
     */
    Outcome edited(InboundMessage message, boolean hasFiles) throws InterruptedException {
        List<Attachment> audio = message.attachments().stream()
                .filter(a -> a.kind() == Attachment.Kind.AUDIO)
                .toList();
        if (audio.isEmpty()) {
            return new Ready(text(message, hasFiles), List.of(), null);
        }
        List<String> spoken = new ArrayList<>();
        Refused refused = gather(audio, new ArrayList<>(), spoken);
        if (refused != null) {
            return refused;
        }
        String heard = String.join(" ", spoken);
        return new Ready(text(withHeard(message, heard), hasFiles), List.of(), heard);
    }

    /**
     * Checks the limits, then downloads every attachment: voice and audio are transcribed into {@code spoken}, the
     * rest uploaded to Coze into {@code files}. Returns the refusal of the first limit or failure met, null when all
     * went through; nothing is fetched once something is refused.
     */
    private Refused gather(List<Attachment> all, List<StoredFile> files, List<String> spoken)
            throws InterruptedException {
        Refused refused = overLimit(all);
        if (refused != null) {
            return refused;
        }
        if (!(adapter instanceof MediaDownload downloads)) {
            return new Refused(
                    catalog().get(Text.NOTICE_MEDIA_UNSUPPORTED), "the platform cannot download files", false);
        }
        for (Attachment attachment : all) {
            byte[] bytes;
            try {
                bytes = downloads.download(attachment, limit(attachment));
            } catch (MediaDownloadException e) {
                if (e.tooLarge()) {
                    return tooLarge(attachment);
                }
                return new Refused(
                        catalog().get(Text.NOTICE_MEDIA_DOWNLOAD_FAILED, attachment.name()),
                        "download of " + attachment + " failed: " + e.getMessage(),
                        true);
            }
            if (bytes.length == 0) {
                // nothing for Coze to read: the person most likely picked the wrong file, and says so better than Coze
                return new Refused(
                        catalog().get(Text.NOTICE_MEDIA_EMPTY, attachment.name()), attachment + " is empty", false);
            }
            if (attachment.kind() == Attachment.Kind.AUDIO) {
                Refused failed = transcribe(attachment, bytes, spoken);
                if (failed != null) {
                    return failed;
                }
                continue;
            }
            try {
                String fileId = bot.uploader().upload(attachment.name(), attachment.mediaType(), bytes);
                files.add(new StoredFile(attachment.kind(), attachment.name(), fileId, bytes.length, clock.instant()));
            } catch (AgentFailureException e) {
                return new Refused(
                        catalog().get(Text.NOTICE_MEDIA_UPLOAD_FAILED, attachment.name()),
                        "upload of " + attachment + " to Coze failed: "
                                + e.failure().describe(),
                        true);
            }
        }
        return null;
    }

    /** The message with what its voice or audio said after its caption. */
    private static InboundMessage withHeard(InboundMessage message, String heard) {
        return new InboundMessage(
                message.key(),
                message.platformMessageId(),
                message.author(),
                message.text().isBlank() ? heard : message.text().strip() + "\n\n" + heard,
                message.replyTarget(),
                message.multiUser(),
                message.receivedAt(),
                message.places(),
                message.attachments(),
                message.quote(),
                message.edited(),
                message.shortcut());
    }

    /** The first limit the files break, checked before anything is downloaded. */
    private Refused overLimit(List<Attachment> all) {
        BotSettings.MediaSettings media = bot.settings().media();
        if (all.size() > media.maxFiles()) {
            return new Refused(
                    catalog().get(Text.NOTICE_MEDIA_TOO_MANY, media.maxFiles()),
                    all.size() + " files, more than media.max_files " + media.maxFiles(),
                    false);
        }
        for (Attachment attachment : all) {
            if (!media.accepts(attachment.kind())) {
                return new Refused(
                        catalog().get(Text.NOTICE_MEDIA_KIND, catalog().get(Text.of(attachment.kind()))),
                        attachment + " is of a kind media.kinds does not list",
                        false);
            }
            boolean audio = attachment.kind() == Attachment.Kind.AUDIO;
            if (audio ? bot.transcriber() == null : bot.uploader() == null) {
                Text notice = audio ? Text.NOTICE_VOICE_UNSUPPORTED : Text.NOTICE_MEDIA_UNSUPPORTED;
                return new Refused(catalog().get(notice), "the agent cannot take " + attachment, false);
            }
            if (attachment.announcedOver(limit(attachment))) {
                return tooLarge(attachment);
            }
        }
        return null;
    }

    private Refused transcribe(Attachment attachment, byte[] bytes, List<String> spoken) {
        try {
            String text = bot.transcriber().transcribe(attachment.name(), attachment.mediaType(), bytes);
            if (text.isBlank()) {
                return new Refused(
                        catalog().get(Text.NOTICE_VOICE_EMPTY), "nothing was heard by Coze in " + attachment, false);
            }
            spoken.add(text.strip());
            return null;
        } catch (AgentFailureException e) {
            boolean unsupported = e.failure().kind() == FailureKind.UNSUPPORTED;
            return new Refused(
                    catalog().get(unsupported ? Text.NOTICE_VOICE_UNSUPPORTED : Text.NOTICE_VOICE_FAILED),
                    "transcription of " + attachment + " failed: " + e.failure().describe(),
                    !unsupported);
        }
    }

    /** Audio is bounded by the transcription API as well as by the bot's setting. */
    private long limit(Attachment attachment) {
        long max = bot.settings().media().maxBytes();
        return attachment.kind() == Attachment.Kind.AUDIO && bot.transcriber() != null
                ? Math.min(max, bot.transcriber().maxBytes())
                : max;
    }

    private Refused tooLarge(Attachment attachment) {
        long limit = limit(attachment);
        return new Refused(
                catalog().get(Text.NOTICE_MEDIA_TOO_LARGE, attachment.name(), readable(limit)),
                attachment + " is over the limit of " + limit + " bytes",
                false);
    }

    /** A size as people read it: {@code 20 MB}, {@code 1.5 MB}, {@code 512 KB}, {@code 900 B}. */
    static String readable(long bytes) {
        String[] units = {"B", "KB", "MB", "GB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value)
                ? Long.toString((long) value)
                : String.format(java.util.Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }

    private Catalog catalog() {
        return bot.settings().catalog();
    }
}
