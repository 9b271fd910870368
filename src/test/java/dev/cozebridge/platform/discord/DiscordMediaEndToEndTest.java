package dev.cozebridge.platform.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.RecordedUpload;
import dev.cozebridge.fakes.coze.Script;
import dev.cozebridge.fakes.discord.FakeAttachment;
import dev.cozebridge.fakes.discord.FakeDiscord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What people send on Discord reaches Coze: the real JDA against the fake Discord (attachments on its signed CDN
 * route, referenced messages, MESSAGE_UPDATE), the real core on H2 and our Coze client against FakeCoze.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordMediaEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private DiscordBridge bridge;
    private FakeDiscord discord;
    private FakeCoze coze;

    @BeforeAll
    void start() {
        bridge = DiscordBridge.in(dir.resolve("db"))
                .bot(bot -> bot.access(new BotSettings.AccessSettings(Set.of(), Set.of(), Set.of(), Set.of(), 0, 5)))
                .withoutRecovery()
                .start();
        discord = bridge.discord;
        coze = bridge.coze;
    }

    /** Each test takes every answer it queued; the rest are dropped so a failure stays in its own test. */
    @AfterEach
    void everyQueuedAnswerWasTaken() {
        assertThat(coze.discardQueued())
                .as("answers queued but never asked for")
                .isZero();
    }

    @AfterAll
    void stop() {
        bridge.close();
    }

    private static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static JsonNode items(RecordedChat chat) throws Exception {
        assertThat(chat.messages().getLast().contentType()).isEqualTo("object_string");
        return JSON.readTree(chat.messages().getLast().content());
    }

    private static JsonNode expected(String text, String type, String fileId) {
        var array = JSON.createArrayNode();
        array.addObject().put("type", "text").put("text", text);
        array.addObject().put("type", type).put("file_id", fileId);
        return array;
    }

    /** The id of a message's one attachment, from its CDN URL ({@code /attachments/<channel>/<id>/<name>}). */
    private String attachmentId(String messageId) {
        String url = discord.attachmentUrls(messageId).getFirst();
        String[] path = java.net.URI.create(url).getPath().split("/");
        return path[3];
    }

    private RecordedUpload uploadOf(byte[] content) {
        return coze.uploads().stream()
                .filter(u -> u.sha256().equals(RecordedUpload.sha256(content)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no upload has the bytes Discord served"));
    }

    @Test
    void aMentionWithAnImageUploadsTheBytesTheCdnServed() throws Exception {
        byte[] png = bytes(40_000, 11);
        coze.enqueue(Script.answer("A lighthouse at dusk."));
        String question = discord.post(
                discord.alice(),
                discord.general(),
                discord.bot().mention() + " what is this?",
                FakeAttachment.png("photo.png", png));

        bridge.awaitReply(discord.general(), question, "A lighthouse at dusk.");
        RecordedUpload upload = uploadOf(png);
        assertThat(upload.fileName()).isEqualTo("photo.png");
        assertThat(upload.contentType()).isEqualTo("image/png");
        RecordedChat chat = coze.chats().getLast();
        assertThat(items(chat)).isEqualTo(expected("[Alice Liddell] what is this?", "image", upload.fileId()));
        // the signed CDN URL is downloaded, never handed to Coze
        assertThat(chat.body().toString()).doesNotContain("/attachments/");
        assertThat(discord.cdnDownloads()).containsOnlyOnce(attachmentId(question));
        assertThat(chat.userId()).startsWith("u_");
    }

    @Test
    void askWithAnAttachmentSendsTheFileWithThePrompt() throws Exception {
        byte[] pdf = bytes(55_000, 12);
        coze.enqueue(Script.answer("It is an invoice for 3 kettles."));
        String interaction = discord.slash(
                discord.bob(),
                discord.random(),
                "ask",
                Map.of("prompt", "What is this document?"),
                "file",
                new FakeAttachment("invoice.pdf", "application/pdf", pdf));

        await().atMost(WAIT)
                .until(() -> discord.interactionResponse(interaction)
                        .filter("It is an invoice for 3 kettles."::equals)
                        .isPresent());
        RecordedUpload upload = uploadOf(pdf);
        assertThat(upload.fileName()).isEqualTo("invoice.pdf");
        assertThat(items(coze.chats().getLast()))
                .isEqualTo(expected("[Bob] What is this document?", "file", upload.fileId()));
    }

    @Test
    void aVoiceMessageInADirectMessageIsTranscribedAndAnswered() throws Exception {
        byte[] ogg = bytes(12_000, 14);
        coze.transcriber(audio -> "what is the capital of Peru");
        coze.enqueue(Script.answer("Lima."));
        String dm = discord.dmChannel(discord.bob());
        String question = discord.voiceMessage(discord.bob(), dm, ogg, 2.5);

        await().atMost(WAIT)
                .until(() -> discord.botMessages(dm).stream()
                        .anyMatch(id -> discord.text(id).filter("Lima."::equals).isPresent()));
        assertThat(discord.repliesTo(bridge.replyTo(dm, question).orElseThrow()))
                .contains(question);
        assertThat(coze.transcriptions())
                .filteredOn(t -> t.sha256().equals(RecordedUpload.sha256(ogg)))
                .singleElement()
                .satisfies(t -> assertThat(t.fileName()).endsWith(".ogg"));
        assertThat(coze.uploads()).noneMatch(u -> u.sha256().equals(RecordedUpload.sha256(ogg)));
        assertThat(coze.chats().getLast().lastUserText()).isEqualTo("what is the capital of Peru");
        // one short line of what was heard comes first, then the answer
        List<String> texts = discord.botMessages(dm).stream()
                .map(id -> discord.text(id).orElse(""))
                .toList();
        assertThat(texts)
                .containsExactly("*" + Sentences.en(Text.VOICE_HEARD, "what is the capital of Peru") + "*", "Lima.");
    }

    @Test
    void severalAttachmentsAreOneQuestionWithEveryFileInOrder() throws Exception {
        byte[] first = bytes(20_000, 15);
        byte[] second = bytes(21_000, 16);
        byte[] sheet = bytes(8_000, 17);
        coze.enqueue(Script.answer("The second photo matches the sheet."));
        String question = discord.post(
                discord.alice(),
                discord.general(),
                discord.bot().mention() + " which photo matches?",
                FakeAttachment.png("a.png", first),
                FakeAttachment.png("b.png", second),
                new FakeAttachment("sheet.csv", "text/csv", sheet));

        bridge.awaitReply(discord.general(), question, "The second photo matches the sheet.");
        var expected = JSON.createArrayNode();
        expected.addObject().put("type", "text").put("text", "[Alice Liddell] which photo matches?");
        expected.addObject().put("type", "image").put("file_id", uploadOf(first).fileId());
        expected.addObject()
                .put("type", "image")
                .put("file_id", uploadOf(second).fileId());
        expected.addObject().put("type", "file").put("file_id", uploadOf(sheet).fileId());
        assertThat(items(coze.chats().getLast())).isEqualTo(expected);
    }

    @Test
    void aStickerAloneInADirectMessageIsAskedByItsName() {
        coze.enqueue(Script.answer("Hello to you too!"));
        String dm = discord.dmChannel(discord.alice());
        String question = discord.sticker(discord.alice(), dm, "", "Wumpus Wave");

        await().atMost(WAIT)
                .until(() -> discord.botMessages(dm).stream()
                        .anyMatch(id -> discord.text(id)
                                .filter("Hello to you too!"::equals)
                                .isPresent()));
        assertThat(discord.repliesTo(bridge.replyTo(dm, question).orElseThrow()))
                .contains(question);
        assertThat(coze.chats().getLast().lastUserText()).isEqualTo(Sentences.en(Text.MEDIA_STICKER, "Wumpus Wave"));
    }

    @Test
    void aMentionWithOnlyAStickerAsksItsNameAndTextBesideAStickerIsTheQuestion() {
        coze.enqueue(Script.answer("Waving back."));
        String sticker =
                discord.sticker(discord.alice(), discord.random(), discord.bot().mention(), "Wumpus Wave");
        bridge.awaitReply(discord.random(), sticker, "Waving back.");
        assertThat(coze.chats().getLast().lastUserText())
                .isEqualTo("[Alice Liddell] " + Sentences.en(Text.MEDIA_STICKER, "Wumpus Wave"));

        coze.enqueue(Script.answer("Noon."));
        String worded = discord.sticker(
                discord.alice(), discord.random(), discord.bot().mention() + " what time is it?", "Clock");
        bridge.awaitReply(discord.random(), worded, "Noon.");
        assertThat(coze.chats().getLast().lastUserText()).isEqualTo("[Alice Liddell] what time is it?");
    }

    @Test
    void anEmptyFileGetsANoticeAndNoCozeCall() {
        int chats = coze.chats().size();
        int uploads = coze.uploads().size();
        String question = discord.post(
                discord.alice(),
                discord.random(),
                discord.bot().mention() + " read this",
                new FakeAttachment("notes.txt", "text/plain", new byte[0]));

        bridge.awaitReply(discord.random(), question, "*" + Sentences.en(Text.NOTICE_MEDIA_EMPTY, "notes.txt") + "*");
        assertThat(coze.chats()).hasSize(chats);
        assertThat(coze.uploads()).hasSize(uploads);
    }

    @Test
    void aReplyToSomeonesMessageCarriesItAsAQuote() {
        String claim = discord.post(discord.bob(), discord.random(), "The moon is made of cheese.");
        coze.enqueue(Script.answer("No, it is rock."));
        String question = discord.reply(
                discord.alice(), discord.random(), claim, discord.bot().mention() + " is this true?", false);

        bridge.awaitReply(discord.random(), question, "No, it is rock.");
        assertThat(coze.chats().getLast().lastUserText())
                .isEqualTo("[Alice Liddell] " + Sentences.en(Text.QUOTE_HEADER, "Bob")
                        + "\n> The moon is made of cheese.\n\nis this true?");
    }

    @Test
    void anEditedQuestionIsAnsweredAgainInTheSameMessage() {
        String thread = discord.openThread(discord.general(), "maths", discord.alice());
        coze.enqueue(Script.answer("Four."));
        String question = discord.post(discord.alice(), thread, discord.bot().mention() + " what is 2+2?");
        String reply = bridge.awaitReply(thread, question, "Four.");
        int chats = coze.chats().size();

        coze.enqueue(Script.answer("Six."));
        discord.edit(question, discord.bot().mention() + " what is 3+3?");

        await().atMost(WAIT)
                .until(() -> discord.text(reply).filter("Six."::equals).isPresent());
        assertThat(discord.botMessages(thread)).containsExactly(reply);
        RecordedChat again = coze.chats().get(chats);
        assertThat(again.lastUserText()).isEqualTo("[Alice Liddell] what is 3+3?");
        assertThat(again.messages()).extracting(RecordedChat.Message::content).noneMatch(c -> c.contains("2+2"));
        assertThat(coze.chats()).hasSize(chats + 1);
        List<String> edits = discord.calls("PATCH", "channels/" + thread + "/messages/" + reply).stream()
                .map(c -> c.body().path("content").asText())
                .toList();
        assertThat(edits).last().isEqualTo("Six.");
    }
}
