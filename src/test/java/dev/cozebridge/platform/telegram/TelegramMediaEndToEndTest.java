package dev.cozebridge.platform.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.RecordedUpload;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.telegram.FakeTelegram;
import dev.cozebridge.store.StoredTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What people send on Telegram reaches Coze: the real TelegramBots against FakeTelegram (getFile and the file
 * route), the real core and Coze client against FakeCoze, which records every upload with its bytes and validates
 * each object_string item. The bytes Coze got are the bytes Telegram served, by digest.
 */
class TelegramMediaEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path folder;
    private TelegramBridge bridge;
    private FakeTelegram telegram;
    private final FakeTelegram.User alice = new FakeTelegram.User(555, "Alice", null, "alice", false);

    TelegramMediaEndToEndTest(@TempDir Path folder) {
        this.folder = folder;
    }

    private void start() {
        bridge = new TelegramBridge(folder);
        telegram = bridge.telegram;
    }

    @AfterEach
    void close() {
        if (bridge != null) {
            bridge.close();
        }
    }

    static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The items of the last user message of a chat (an object_string array). */
    static JsonNode items(RecordedChat chat) throws Exception {
        RecordedChat.Message last = chat.messages().getLast();
        assertThat(last.role()).isEqualTo("user");
        assertThat(last.contentType()).isEqualTo("object_string");
        return JSON.readTree(last.content());
    }

    static JsonNode expected(String text, String... typeAndIds) throws Exception {
        var array = JSON.createArrayNode();
        array.addObject().put("type", "text").put("text", text);
        for (int i = 0; i < typeAndIds.length; i += 2) {
            array.addObject().put("type", typeAndIds[i]).put("file_id", typeAndIds[i + 1]);
        }
        return array;
    }

    private String awaitAnswer(FakeTelegram.Chat chat, String answer) {
        await().atMost(WAIT).until(() -> bridge.shown(chat).contains(answer));
        return answer;
    }

    @Test
    void aPhotoWithACaptionIsUploadedOnceAndAskedWithItsCaption() throws Exception {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] photo = bytes(48_000, 1);
        bridge.coze.enqueue(Script.answer("A red kettle on a stove."));
        telegram.message(chat, alice, "What is in this picture?").photo(photo).send();

        awaitAnswer(chat, "A red kettle on a stove.");
        RecordedUpload upload = bridge.coze.uploads().getFirst();
        assertThat(bridge.coze.uploads()).hasSize(1);
        assertThat(upload.sha256()).isEqualTo(RecordedUpload.sha256(photo));
        assertThat(upload.fileName()).endsWith(".jpg");
        assertThat(upload.contentType()).isEqualTo("image/jpeg");
        assertThat(items(bridge.coze.chats().getFirst()))
                .isEqualTo(expected("What is in this picture?", "image", upload.fileId()));
        // the largest size only, fetched through getFile and the file route, never handed to Coze as a URL
        assertThat(telegram.calls("getFile")).hasSize(1);
        assertThat(telegram.downloads())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("photos/"));
        assertThat(bridge.coze.chats().getFirst().body().toString()).doesNotContain(telegram.token());
        StoredTurn question = bridge.store
                .turns(new ConversationKey("helpdesk", "telegram", "555"))
                .getFirst();
        assertThat(question.text()).isEqualTo("What is in this picture?");
        assertThat(question.files()).singleElement().satisfies(f -> {
            assertThat(f.cozeFileId()).isEqualTo(upload.fileId());
            assertThat(f.size()).isEqualTo(photo.length);
        });
    }

    @Test
    void aPhotoWithoutACaptionIsAskedWithTheDefaultPrompt() throws Exception {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] photo = bytes(20_000, 2);
        bridge.coze.enqueue(Script.answer("A cat."));
        telegram.message(chat, alice, "").photo(photo).send();

        awaitAnswer(chat, "A cat.");
        RecordedUpload upload = bridge.coze.uploads().getFirst();
        assertThat(upload.sha256()).isEqualTo(RecordedUpload.sha256(photo));
        assertThat(items(bridge.coze.chats().getFirst()))
                .isEqualTo(expected(Sentences.en(Text.MEDIA_DEFAULT_PROMPT), "image", upload.fileId()));
    }

    @Test
    void aStickerIsAskedAsItsEmojiAndALocationGetsAHintNotSilence() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Glad you like it!"));
        telegram.message(chat, alice, "")
                .sticker("\ud83d\udc4d", bytes(3_000, 9))
                .send();

        awaitAnswer(chat, "Glad you like it!");
        assertThat(bridge.coze.chats())
                .singleElement()
                .satisfies(asked -> assertThat(asked.lastUserText()).isEqualTo("\ud83d\udc4d"));
        // nothing of the sticker's file is fetched or uploaded: its emoji is what it says
        assertThat(bridge.coze.uploads()).isEmpty();

        telegram.message(chat, alice, "").location(35.6812, 139.7671).send();
        String hint = Sentences.en(Text.NOTICE_EMPTY_QUESTION);
        await().atMost(WAIT).until(() -> bridge.shown(chat).stream().anyMatch(m -> m.contains(hint)));
        assertThat(bridge.coze.chats()).hasSize(1);
    }

    @Test
    void aDocumentGoesAsAFileItem() throws Exception {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] pdf = bytes(70_000, 3);
        bridge.coze.enqueue(Script.answer("The report says sales grew."));
        telegram.message(chat, alice, "Summarise this")
                .document("q3-report.pdf", "application/pdf", pdf)
                .send();

        awaitAnswer(chat, "The report says sales grew.");
        RecordedUpload upload = bridge.coze.uploads().getFirst();
        assertThat(upload.fileName()).isEqualTo("q3-report.pdf");
        assertThat(upload.contentType()).isEqualTo("application/pdf");
        assertThat(upload.sha256()).isEqualTo(RecordedUpload.sha256(pdf));
        assertThat(items(bridge.coze.chats().getFirst()))
                .isEqualTo(expected("Summarise this", "file", upload.fileId()));
    }

    @Test
    void aVoiceNoteIsTranscribedAskedAsTextAndWhatWasHeardIsShown() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] voice = bytes(9_000, 4);
        bridge.coze.transcriber(audio -> "what time is it in Tokyo");
        bridge.coze.enqueue(Script.answer("It is 9 pm in Tokyo."));
        telegram.message(chat, alice, "").voice(voice, 3).send();

        awaitAnswer(chat, "It is 9 pm in Tokyo.");
        assertThat(bridge.coze.transcriptions()).singleElement().satisfies(t -> {
            assertThat(t.sha256()).isEqualTo(RecordedUpload.sha256(voice));
            assertThat(t.fileName()).endsWith(".ogg");
        });
        assertThat(bridge.coze.uploads()).isEmpty();
        RecordedChat asked = bridge.coze.chats().getFirst();
        assertThat(asked.messages().getLast().contentType()).isEqualTo("text");
        assertThat(asked.lastUserText()).isEqualTo("what time is it in Tokyo");
        // one short line saying what was heard, then the answer
        assertThat(bridge.shown(chat))
                .containsExactly(Sentences.en(Text.VOICE_HEARD, "what time is it in Tokyo"), "It is 9 pm in Tokyo.");
        assertThat(bridge.store
                        .turns(new ConversationKey("helpdesk", "telegram", "555"))
                        .getFirst()
                        .text())
                .isEqualTo("what time is it in Tokyo");
    }

    @Test
    void aVideoAndAVideoNoteGoAsFileItemsWithTheBytesTelegramServed() throws Exception {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] video = bytes(60_000, 10);
        byte[] note = bytes(25_000, 11);
        bridge.coze.enqueue(Script.answer("A dog catching a ball."));
        bridge.coze.enqueue(Script.answer("You are waving."));
        telegram.message(chat, alice, "What happens here?")
                .video("clip.mp4", video)
                .send();
        awaitAnswer(chat, "A dog catching a ball.");
        telegram.message(chat, alice, "").videoNote(note).send();
        awaitAnswer(chat, "You are waving.");

        List<RecordedUpload> uploads = bridge.coze.uploads();
        assertThat(uploads).hasSize(2);
        assertThat(uploads.get(0).sha256()).isEqualTo(RecordedUpload.sha256(video));
        assertThat(uploads.get(0).fileName()).isEqualTo("clip.mp4");
        assertThat(uploads.get(0).contentType()).isEqualTo("video/mp4");
        assertThat(uploads.get(1).sha256()).isEqualTo(RecordedUpload.sha256(note));
        assertThat(uploads.get(1).fileName()).endsWith(".mp4");
        assertThat(items(bridge.coze.chats().get(0)))
                .isEqualTo(expected("What happens here?", "file", uploads.get(0).fileId()));
        assertThat(items(bridge.coze.chats().get(1)))
                .isEqualTo(expected(
                        Sentences.en(Text.MEDIA_DEFAULT_PROMPT),
                        "file",
                        uploads.get(1).fileId()));
    }

    @Test
    void anAudioFileIsTranscribedAndItsCaptionGoesFirst() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] song = bytes(12_000, 12);
        bridge.coze.transcriber(audio -> "la la land");
        bridge.coze.enqueue(Script.answer("It sounds like a lullaby."));
        telegram.message(chat, alice, "Which song is this?")
                .audio("song.mp3", song, 30)
                .send();

        awaitAnswer(chat, "It sounds like a lullaby.");
        assertThat(bridge.coze.transcriptions()).singleElement().satisfies(t -> {
            assertThat(t.sha256()).isEqualTo(RecordedUpload.sha256(song));
            assertThat(t.fileName()).isEqualTo("song.mp3");
        });
        assertThat(bridge.coze.uploads()).isEmpty();
        RecordedChat asked = bridge.coze.chats().getFirst();
        assertThat(asked.messages().getLast().contentType()).isEqualTo("text");
        assertThat(asked.lastUserText()).isEqualTo("Which song is this?\n\nla la land");
    }

    @Test
    void anEditedCaptionOfAVoiceNoteIsAskedAgainWithWhatWasSaid() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] voice = bytes(9_000, 13);
        bridge.coze.transcriber(audio -> "where is the station");
        bridge.coze.enqueue(Script.answer("Où est la gare ?"));
        int question =
                telegram.message(chat, alice, "Into French:").voice(voice, 2).send();
        awaitAnswer(chat, "Où est la gare ?");

        bridge.coze.enqueue(Script.answer("Wo ist der Bahnhof?"));
        telegram.userEdits(chat, question, "Into German:");
        awaitAnswer(chat, "Wo ist der Bahnhof?");

        assertThat(bridge.coze.chats()).hasSize(2);
        assertThat(bridge.coze.chats().get(1).lastUserText()).isEqualTo("Into German:\n\nwhere is the station");
        assertThat(bridge.store
                        .turns(new ConversationKey("helpdesk", "telegram", "555"))
                        .getFirst()
                        .text())
                .isEqualTo("Into German:\n\nwhere is the station");
    }

    @Test
    void anAlbumOfTwoPhotosIsOneQuestionWithBothImages() throws Exception {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] first = bytes(30_000, 5);
        byte[] second = bytes(31_000, 6);
        bridge.coze.enqueue(Script.answer("The second one is sharper."));
        telegram.album(chat, alice, "Which one is sharper?", first, second);

        awaitAnswer(chat, "The second one is sharper.");
        assertThat(bridge.coze.chats()).hasSize(1);
        List<RecordedUpload> uploads = bridge.coze.uploads();
        assertThat(uploads)
                .extracting(RecordedUpload::sha256)
                .containsExactly(RecordedUpload.sha256(first), RecordedUpload.sha256(second));
        assertThat(items(bridge.coze.chats().getFirst()))
                .isEqualTo(expected(
                        "Which one is sharper?",
                        "image",
                        uploads.get(0).fileId(),
                        "image",
                        uploads.get(1).fileId()));
        assertThat(telegram.sent(chat)).hasSize(1);
    }

    @Test
    void aCaptionAddedLaterToTheFirstPictureOfAnAlbumAsksItAgainWithBothImages() throws Exception {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        bridge.coze.enqueue(Script.answer("Two photos of a beach."));
        List<Integer> ids = telegram.album(chat, alice, "", bytes(30_000, 14), bytes(31_000, 15));
        awaitAnswer(chat, "Two photos of a beach.");

        // Telegram apps put an album's caption on its first item
        bridge.coze.enqueue(Script.answer("The second one is sharper."));
        telegram.userEdits(chat, ids.getFirst(), "Which one is sharper?");
        awaitAnswer(chat, "The second one is sharper.");

        List<RecordedUpload> uploads = bridge.coze.uploads();
        assertThat(uploads).hasSize(2);
        assertThat(items(bridge.coze.chats().get(1)))
                .isEqualTo(expected(
                        "Which one is sharper?",
                        "image",
                        uploads.get(0).fileId(),
                        "image",
                        uploads.get(1).fileId()));
        assertThat(telegram.sent(chat)).hasSize(1);
    }

    @Test
    void aFileOverTheLimitGetsOneNoticeAndNothingIsFetchedOrUploaded() {
        start();
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] big = new byte[21 * 1024 * 1024];
        int question = telegram.message(chat, alice, "Read this please")
                .document("dump.zip", "application/zip", big)
                .send();

        String notice = Sentences.en(Text.NOTICE_MEDIA_TOO_LARGE, "dump.zip", "20 MB");
        await().atMost(WAIT).until(() -> bridge.shown(chat).contains(notice));
        assertThat(telegram.sent(chat))
                .singleElement()
                .satisfies(m -> assertThat(m.replyTo()).isEqualTo(question));
        assertThat(telegram.calls("getFile")).isEmpty();
        assertThat(telegram.downloads()).isEmpty();
        assertThat(bridge.coze.uploads()).isEmpty();
        assertThat(bridge.coze.chats()).isEmpty();
        List<StoredTurn> turns = bridge.store.turns(new ConversationKey("helpdesk", "telegram", "555"));
        assertThat(turns).singleElement().satisfies(t -> {
            assertThat(t.role()).isEqualTo(Role.USER);
            assertThat(t.status()).isEqualTo(TurnStatus.FAILED);
            assertThat(t.text()).isEqualTo("Read this please");
        });
    }

    @Test
    void onCozeStudioAVoiceNoteGetsAClearNoticeAndNoChat() {
        start();
        bridge.coze.studioMode(true);
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        telegram.message(chat, alice, "").voice(bytes(5_000, 7), 2).send();

        String notice = Sentences.en(Text.NOTICE_VOICE_UNSUPPORTED);
        await().atMost(WAIT).until(() -> bridge.shown(chat).contains(notice));
        // besides the bot info read at start
        assertThat(bridge.coze.requests())
                .filteredOn(r -> !r.path().startsWith("/v1/bots/"))
                .singleElement()
                .satisfies(r -> assertThat(r.path()).isEqualTo("/v1/audio/transcriptions"));
        assertThat(bridge.coze.chats()).isEmpty();
    }

    /** A local Bot API server with the media limit of the bot raised past the cloud's 20 MB. */
    private void startLocal(Path serverDir, boolean webServerInFront) {
        bridge = new TelegramBridge(
                folder,
                b -> b.media(new BotSettings.MediaSettings(
                        30L * 1024 * 1024,
                        10,
                        Set.of(Attachment.Kind.values()),
                        BotSettings.MediaSettings.DEFAULT.albumWindow())));
        telegram = bridge.telegram;
        telegram.runAsLocalServer(serverDir, webServerInFront);
    }

    @Test
    void aLocalBotApiServerHandsOutFilesOverTwentyMegabytesReadFromTheSharedFolder() throws Exception {
        Path serverDir = folder.resolve("telegram-bot-api");
        startLocal(serverDir, false);
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] big = bytes(21 * 1024 * 1024, 8);
        bridge.coze.enqueue(Script.answer("A big archive of logs."));
        telegram.message(chat, alice, "What is in it?")
                .document("logs.zip", "application/zip", big)
                .send();

        awaitAnswer(chat, "A big archive of logs.");
        RecordedUpload upload = bridge.coze.uploads().getFirst();
        assertThat(upload.sha256()).isEqualTo(RecordedUpload.sha256(big));
        assertThat(items(bridge.coze.chats().getFirst()))
                .isEqualTo(expected("What is in it?", "file", upload.fileId()));
        // the server serves no files over HTTP: read from its folder, not fetched
        assertThat(telegram.downloads()).isEmpty();
        assertThat(bridge.coze.chats().getFirst().body().toString()).doesNotContain(telegram.token());
    }

    @Test
    void aLocalBotApiServerBehindAWebServerIsFetchedRelativeToTheBotsFolder() throws Exception {
        // the server's folder is on another machine: not readable here
        startLocal(Path.of("/srv/elsewhere/telegram-bot-api"), true);
        FakeTelegram.Chat chat = telegram.privateChat(alice);
        byte[] photo = bytes(40_000, 9);
        bridge.coze.enqueue(Script.answer("A lighthouse."));
        telegram.message(chat, alice, "Where is this?").photo(photo).send();

        awaitAnswer(chat, "A lighthouse.");
        RecordedUpload upload = bridge.coze.uploads().getFirst();
        assertThat(upload.sha256()).isEqualTo(RecordedUpload.sha256(photo));
        assertThat(telegram.downloads())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("photos/").doesNotContain(telegram.token()));
    }
}
