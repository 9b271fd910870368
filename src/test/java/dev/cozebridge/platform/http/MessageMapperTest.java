package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.coze.CozeClient;
import dev.cozebridge.core.Role;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.platform.http.ChatInput.ImageData;
import dev.cozebridge.platform.http.ChatInput.ImageUrl;
import dev.cozebridge.platform.http.ChatInput.Message;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageMapperTest {
    private final ObjectMapper json = new ObjectMapper();
    private final MessageMapper mapper = new MessageMapper(json);
    private final FakeCoze coze = FakeCoze.start();
    private final CozeClient uploader = CozeClient.create(TestSettings.coze(coze)
            .connectTimeout(Duration.ofSeconds(2))
            .firstEventTimeout(Duration.ofSeconds(5))
            .idleTimeout(Duration.ofSeconds(5))
            .totalTimeout(Duration.ofSeconds(10))
            .requestsPerSecond(100)
            .build());

    @AfterEach
    void stop() {
        uploader.close();
        coze.close();
    }

    private static final String PROMPT = Sentences.en(Text.MEDIA_DEFAULT_PROMPT);

    private static Message user(String text) {
        return new Message(ChatInput.Role.USER, text, List.of());
    }

    @Test
    void keepsTurnOrderAndPutsSystemTextBeforeTheFirstUserMessage() {
        List<AgentMessage> out = mapper.map(
                List.of(
                        new Message(ChatInput.Role.SYSTEM, "You are terse.", List.of()),
                        user("Hi"),
                        new Message(ChatInput.Role.ASSISTANT, "Hello!", List.of()),
                        new Message(ChatInput.Role.SYSTEM, "Answer in French.", List.of()),
                        new Message(ChatInput.Role.ASSISTANT, "", List.of()),
                        user("Refunds?")),
                uploader,
                PROMPT);

        assertThat(out)
                .containsExactly(
                        AgentMessage.user("You are terse.\n\nAnswer in French.\n\nHi"),
                        AgentMessage.assistant("Hello!"),
                        AgentMessage.user("Refunds?"));
    }

    @Test
    void sendsImagesAsObjectStringWithUrlsPassedAndDataUploaded() throws Exception {
        List<AgentMessage> out = mapper.map(
                List.of(new Message(
                        ChatInput.Role.USER,
                        "What is this?",
                        List.of(
                                new ImageUrl("https://example.com/a.png"),
                                new ImageData("image/jpeg", new byte[] {1, 2, 3})))),
                uploader,
                PROMPT);

        AgentMessage message = out.getFirst();
        assertThat(message.role()).isEqualTo(Role.USER);
        assertThat(message.objectString()).isTrue();
        assertThat(json.readTree(message.content()))
                .isEqualTo(json.readTree("""
                [{"type":"text","text":"What is this?"},
                 {"type":"image","file_url":"https://example.com/a.png"},
                 {"type":"image","file_id":"%s"}]""".formatted(coze.uploads().getFirst().fileId())));
        assertThat(coze.uploads()).singleElement().satisfies(upload -> {
            assertThat(upload.fileName()).isEqualTo("image-1.jpg");
            assertThat(upload.content()).containsExactly(1, 2, 3);
        });
    }

    @Test
    void anImageOnlyMessageGetsTheDefaultPromptAsItsOneTextItem() throws Exception {
        List<AgentMessage> out = mapper.map(
                List.of(new Message(ChatInput.Role.USER, "", List.of(new ImageUrl("https://example.com/a.png")))),
                uploader,
                PROMPT);

        assertThat(json.readTree(out.getFirst().content())).isEqualTo(json.readTree("""
                [{"type":"text","text":"%s"},{"type":"image","file_url":"https://example.com/a.png"}]""".formatted(PROMPT)));
    }
}
