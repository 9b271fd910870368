package dev.cozebridge.conversation;

import static dev.cozebridge.conversation.EngineFixture.ALICE;
import static dev.cozebridge.conversation.EngineFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.Attachment;
import dev.cozebridge.core.InboundMessage;
import dev.cozebridge.core.Quote;
import dev.cozebridge.core.Text;
import dev.cozebridge.core.TurnStatus;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.RecordedUpload;
import dev.cozebridge.store.StoredTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The media limits and failures on the engine with real parts (FakeCoze, H2): one polite notice, no Coze call over
 * a limit; a readable notice and Coze's log id in the log when a download or upload fails; the turn FAILED with its
 * text either way.
 */
class QuestionMediaEngineTest {
    @TempDir
    Path dir;

    private EngineFixture f;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(ReplyJob.class);

    @BeforeEach
    void listen() {
        logs.start();
        log.addAppender(logs);
    }

    @AfterEach
    void close() {
        log.detachAppender(logs);
        if (f != null) {
            f.close();
        }
    }

    private InboundMessage withFiles(String scope, String text, Attachment... files) {
        return f.message(scope, ALICE, text).withAttachments(List.of(files));
    }

    private static Attachment image(String ref, long size) {
        return new Attachment(Attachment.Kind.IMAGE, ref + ".png", "image/png", size, ref);
    }

    private void idle(String scope) throws InterruptedException {
        assertThat(f.service.awaitIdle(key(scope), Duration.ofSeconds(20))).isTrue();
    }

    private StoredTurn onlyTurn(String scope) {
        List<StoredTurn> turns = f.store.turns(key(scope));
        assertThat(turns).hasSize(1);
        return turns.getFirst();
    }

    @Test
    void aFailedUploadGetsANoticeTheLogGetsCozesLogIdAndTheTurnIsFailedWithItsText() throws Exception {
        f = new EngineFixture(dir).start();
        f.platform.file("p1", new byte[] {1, 2, 3});
        f.coze.failUploads(1, 5000);
        f.service.accept(withFiles("c1", "what is this?", image("p1", 3)));
        idle("c1");

        assertThat(f.platform.messages("c1"))
                .containsExactly("_" + Sentences.en(Text.NOTICE_MEDIA_UPLOAD_FAILED, "p1.png") + "_");
        assertThat(f.coze.chats()).isEmpty();
        StoredTurn turn = onlyTurn("c1");
        assertThat(turn.status()).isEqualTo(TurnStatus.FAILED);
        assertThat(turn.text()).isEqualTo("what is this?");
        String logId = f.coze.requests().getFirst().logId();
        assertThat(logs.list)
                .anySatisfy(e -> assertThat(e.getFormattedMessage())
                        .contains("helper/test/c1")
                        .contains("logid " + logId));
    }

    @Test
    void aFailedDownloadGetsANoticeAndNothingGoesToCoze() throws Exception {
        f = new EngineFixture(dir).start();
        f.service.accept(withFiles("c1", "and this?", image("gone", 10)));
        idle("c1");

        assertThat(f.platform.messages("c1"))
                .containsExactly("_" + Sentences.en(Text.NOTICE_MEDIA_DOWNLOAD_FAILED, "gone.png") + "_");
        assertThat(f.coze.requests()).isEmpty();
        assertThat(onlyTurn("c1").status()).isEqualTo(TurnStatus.FAILED);
    }

    @Test
    void tooManyFilesIncludingAQuotedPictureAreRefusedBeforeAnyDownload() throws Exception {
        f = new EngineFixture(dir);
        f.media = new BotSettings.MediaSettings(1024, 2, Set.of(Attachment.Kind.values()), Duration.ofSeconds(1));
        f.start();
        InboundMessage message = withFiles("c1", "compare", image("a", 10), image("b", 10))
                .withQuote(new Quote("Bob", "look", List.of(image("c", 10))));
        f.service.accept(message);
        idle("c1");

        assertThat(f.platform.messages("c1")).containsExactly("_" + Sentences.en(Text.NOTICE_MEDIA_TOO_MANY, 2) + "_");
        assertThat(f.platform.downloads()).isEmpty();
        assertThat(f.coze.requests()).isEmpty();
    }

    @Test
    void aKindTheBotDoesNotTakeAndAnAnnouncedSizeOverTheLimitAreRefusedBeforeAnyDownload() throws Exception {
        f = new EngineFixture(dir);
        f.media = new BotSettings.MediaSettings(1024, 5, Set.of(Attachment.Kind.IMAGE), Duration.ofSeconds(1));
        f.start();
        f.service.accept(
                withFiles("c1", "play", new Attachment(Attachment.Kind.VIDEO, "clip.mp4", "video/mp4", 100, "v")));
        idle("c1");
        f.service.accept(withFiles("c2", "big", image("big", 4096)));
        idle("c2");

        assertThat(f.platform.messages("c1"))
                .containsExactly("_" + Sentences.en(Text.NOTICE_MEDIA_KIND, Sentences.en(Text.MEDIA_KIND_VIDEO)) + "_");
        assertThat(f.platform.messages("c2"))
                .containsExactly("_" + Sentences.en(Text.NOTICE_MEDIA_TOO_LARGE, "big.png", "1 KB") + "_");
        assertThat(f.platform.downloads()).isEmpty();
        assertThat(f.coze.requests()).isEmpty();
    }

    @Test
    void aQuotedPictureIsUploadedAfterTheQuestionsOwnFiles() throws Exception {
        f = new EngineFixture(dir).start();
        f.platform.file("own", new byte[] {1});
        f.platform.file("quoted", new byte[] {2, 2});
        InboundMessage message = withFiles("c1", "same?", image("own", 1))
                .withQuote(new Quote("Bob", "mine", List.of(image("quoted", 2))));
        f.service.accept(message);
        idle("c1");

        List<String> uploaded = new ArrayList<>();
        for (RecordedUpload u : f.coze.uploads()) {
            uploaded.add(u.sha256());
        }
        assertThat(uploaded)
                .containsExactly(RecordedUpload.sha256(new byte[] {1}), RecordedUpload.sha256(new byte[] {2, 2}));
        assertThat(f.coze.chats()).hasSize(1);
        assertThat(onlyTurnOfTwo("c1").files()).hasSize(2);
    }

    private StoredTurn onlyTurnOfTwo(String scope) {
        List<StoredTurn> turns = f.store.turns(key(scope));
        assertThat(turns).hasSize(2);
        return turns.getFirst();
    }
}
