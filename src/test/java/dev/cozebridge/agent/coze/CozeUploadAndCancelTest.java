package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.agent.AgentFailureException;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.RecordedUpload;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CozeUploadAndCancelTest {
    private final FakeCoze fake = FakeCoze.start();
    private final CozeClient client = new CozeClient(settings(fake), Clock.systemUTC());

    @AfterEach
    void tearDown() {
        client.close();
        fake.close();
    }

    @Test
    void uploadsTheFilePartAndReturnsItsId() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};

        String id = client.upload("photo.png", "image/png", png);

        RecordedUpload upload = fake.uploads().getFirst();
        assertThat(id).isEqualTo(upload.fileId()).matches("\\d{19}");
        assertThat(upload.fileName()).isEqualTo("photo.png");
        assertThat(upload.contentType()).isEqualTo("image/png");
        assertThat(upload.content()).isEqualTo(png);
    }

    @Test
    void uploadUnderstandsTheStudioShape() {
        fake.studioMode(true);

        String id = client.upload("notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(id).isEqualTo(fake.uploads().getFirst().fileId());
    }

    @Test
    void uploadWithABadTokenThrowsTheTypedFailure() {
        CozeSettings bad = TestSettings.coze(settings(fake)).token("pat_nope").build();
        try (CozeClient wrong = new CozeClient(bad, Clock.systemUTC())) {
            AgentFailureException e = catchThrowableOfType(
                    AgentFailureException.class, () -> wrong.upload("a.txt", "text/plain", new byte[] {1}));

            AgentFailure failure = e.failure();
            assertThat(failure.kind()).isEqualTo(FailureKind.INVALID_TOKEN);
            assertThat(failure.code()).isEqualTo(4101);
            assertThat(failure.logId()).isEqualTo(fake.requests().getFirst().logId());
            assertThat(fake.uploads()).isEmpty();
        }
    }

    @Test
    void uploadsOfBothLanesWaitTheirTurnInTheClientsRateLimiter() {
        long start = System.nanoTime();
        try (CozeClient limited = new CozeClient(CozeTestSupport.rate(settings(fake), 5), Clock.systemUTC())) {
            // the platforms' uploads and the HTTP API's share the one limit of the credential
            for (int i = 0; i < 4; i++) {
                (i % 2 == 0 ? limited : limited.apiUploader())
                        .upload("f" + i + ".txt", "text/plain", new byte[] {(byte) i});
            }
        }
        // 5 per second, no burst: the fourth upload cannot start before 600 ms have passed
        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(600).toNanos());
        assertThat(fake.uploads()).hasSize(4);
    }

    @Test
    void transcribesARecording() {
        fake.transcriber(audio -> "  hello there ");
        byte[] ogg = {'O', 'g', 'g', 'S', 0, 2};

        assertThat(client.transcribe("voice.ogg", "audio/ogg", ogg)).isEqualTo("hello there");
        assertThat(fake.transcriptions()).singleElement().satisfies(t -> {
            assertThat(t.fileName()).isEqualTo("voice.ogg");
            assertThat(t.contentType()).isEqualTo("audio/ogg");
            assertThat(t.content()).isEqualTo(ogg);
        });
        assertThat(client.maxBytes()).isEqualTo(10L * 1024 * 1024);
    }

    @Test
    void onCozeStudioTranscriptionIsUnsupported() {
        fake.studioMode(true);

        AgentFailureException e = catchThrowableOfType(
                AgentFailureException.class, () -> client.transcribe("voice.ogg", "audio/ogg", new byte[] {1}));

        assertThat(e.failure().kind()).isEqualTo(FailureKind.UNSUPPORTED);
        assertThat(e.failure().code()).isEqualTo(404);
        assertThat(e.failure().logId()).isEqualTo(fake.requests().getFirst().logId());
        assertThat(fake.transcriptions()).isEmpty();
    }

    @Test
    void cancellingAnUnknownChatIsATypedFailure() {
        AgentFailureException e = catchThrowableOfType(
                AgentFailureException.class, () -> client.cancelChat("7431283376412344370", "7431283384104517658"));

        assertThat(e.failure().kind()).isEqualTo(FailureKind.BOT_NOT_FOUND);
        assertThat(e.failure().code()).isEqualTo(4200);
        assertThat(fake.cancels())
                .singleElement()
                .satisfies(c -> assertThat(c.accepted()).isFalse());
    }
}
