package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.cozebridge.fakes.coze.Script;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiTimeoutTest {
    private OpenAiFixture bridge;

    @BeforeEach
    void start() {
        bridge = new OpenAiFixture(Duration.ofMillis(300))
                .bot("helper", "7400000000000000001")
                .start();
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void answersGatewayTimeoutWhenCozeSendsNothing() {
        bridge.coze.enqueue(Script.answer("never sent").stallAfter(-1));

        assertThatThrownBy(() -> bridge.openai()
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("helper")
                                .addUserMessage("anyone there?")
                                .build()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(504);
                    assertThat(e.code()).contains("upstream_timeout");
                    assertThat(e.getMessage()).contains("Coze took too long to answer.");
                });
    }
}
