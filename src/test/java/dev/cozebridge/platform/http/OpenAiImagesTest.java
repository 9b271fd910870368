package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import dev.cozebridge.core.Text;
import dev.cozebridge.fakes.Sentences;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.RecordedUpload;
import dev.cozebridge.fakes.coze.Script;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiImagesTest {
    private static final byte[] PNG = {
        (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
    };
    private final ObjectMapper json = new ObjectMapper();
    private OpenAiFixture bridge;

    @BeforeEach
    void start() {
        bridge = new OpenAiFixture()
                .bot("helper", "7400000000000000001")
                .bot("artist", "7400000000000000009", true)
                .start();
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    private static ChatCompletionContentPart text(String text) {
        return ChatCompletionContentPart.ofText(
                ChatCompletionContentPartText.builder().text(text).build());
    }

    private static ChatCompletionContentPart image(String url) {
        return ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                        .url(url)
                        .build())
                .build());
    }

    private JsonNode lastUserItems() throws Exception {
        RecordedChat.Message last =
                bridge.coze.awaitChats(1).getFirst().messages().getLast();
        assertThat(last.role()).isEqualTo("user");
        assertThat(last.contentType()).isEqualTo("object_string");
        return json.readTree(last.content());
    }

    @Test
    void uploadsADataUrlImageAndSendsItsFileId() throws Exception {
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);

        bridge.openai()
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("helper")
                        .addUserMessageOfArrayOfContentParts(List.of(text("What is in this picture?"), image(dataUrl)))
                        .build());

        List<RecordedUpload> uploads = bridge.coze.uploads();
        assertThat(uploads).hasSize(1);
        assertThat(uploads.getFirst().content()).isEqualTo(PNG);
        assertThat(uploads.getFirst().fileName()).isEqualTo("image-1.png");
        assertThat(lastUserItems())
                .isEqualTo(json.readTree("""
                [{"type":"text","text":"What is in this picture?"},{"type":"image","file_id":"%s"}]""".formatted(uploads.getFirst().fileId())));
    }

    @Test
    void refusesARequestWithMoreImagesThanTheBotTakesBeforeUploadingAny() {
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);
        List<ChatCompletionContentPart> parts = new java.util.ArrayList<>();
        parts.add(text("Compare these."));
        for (int i = 0; i < 11; i++) {
            parts.add(image(dataUrl));
        }

        assertThatThrownBy(() -> bridge.openai()
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("helper")
                                .addUserMessageOfArrayOfContentParts(parts)
                                .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage())
                                .contains("carries 11 images")
                                .contains("at most 10")
                                .contains("media.max_files"));
        assertThat(bridge.coze.uploads()).isEmpty();
        assertThat(bridge.coze.chats()).isEmpty();
    }

    @Test
    void anImageWithoutTextIsSentWithTheBotsDefaultPrompt() throws Exception {
        bridge.openai()
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("helper")
                        .addUserMessageOfArrayOfContentParts(List.of(image("https://cdn.example.com/kettle.jpg")))
                        .build());

        assertThat(lastUserItems()).isEqualTo(json.readTree("""
                [{"type":"text","text":"%s"},{"type":"image","file_url":"https://cdn.example.com/kettle.jpg"}]""".formatted(Sentences.en(Text.MEDIA_DEFAULT_PROMPT))));
    }

    @Test
    void passesAnHttpImageUrlAsFileUrl() throws Exception {
        bridge.openai()
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("helper")
                        .addUserMessageOfArrayOfContentParts(
                                List.of(text("Describe it."), image("https://cdn.example.com/kettle.jpg")))
                        .build());

        assertThat(bridge.coze.uploads()).isEmpty();
        assertThat(lastUserItems()).isEqualTo(json.readTree("""
                [{"type":"text","text":"Describe it."},{"type":"image","file_url":"https://cdn.example.com/kettle.jpg"}]"""));
    }

    @Test
    void generatesImagesFromTheMarkdownImagesOfTheAnswer() {
        bridge.coze.enqueue(Script.answer("Here you are:\n\n![a red kettle](https://cdn.example.com/k1.png)\n\n"
                        + "And another: ![second](https://cdn.example.com/k2.png \"alt\")")
                .deltas(3));

        ImagesResponse response = bridge.openai()
                .images()
                .generate(ImageGenerateParams.builder()
                        .model("artist")
                        .prompt("a red kettle")
                        .build());

        assertThat(response.data())
                .hasValueSatisfying(data -> assertThat(data)
                        .extracting(i -> i.url().orElseThrow())
                        .containsExactly("https://cdn.example.com/k1.png", "https://cdn.example.com/k2.png"));
        assertThat(response.created()).isPositive();
        RecordedChat chat = bridge.coze.awaitChats(1).getFirst();
        assertThat(chat.botId()).isEqualTo("7400000000000000009");
        assertThat(chat.lastUserText()).isEqualTo("a red kettle");
    }

    @Test
    void refusesImagesFromABotThatDoesNotDrawAndSaysSoWhenNoImageCame() {
        assertThatThrownBy(() -> bridge.openai()
                        .images()
                        .generate(ImageGenerateParams.builder()
                                .model("helper")
                                .prompt("a kettle")
                                .build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("'helper' does not generate images"));
        assertThat(bridge.coze.chats()).isEmpty();

        bridge.coze.enqueue(Script.answer("Sorry, I cannot draw that.").deltas(2));
        assertThatThrownBy(() -> bridge.openai()
                        .images()
                        .generate(ImageGenerateParams.builder()
                                .model("artist")
                                .prompt("a kettle")
                                .build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("answered without an image");
                });
    }
}
