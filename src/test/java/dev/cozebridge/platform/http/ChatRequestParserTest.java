package dev.cozebridge.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.platform.http.ChatInput.ImageData;
import dev.cozebridge.platform.http.ChatInput.ImageUrl;
import dev.cozebridge.platform.http.ChatInput.Role;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRequestParserTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode body(String text) throws Exception {
        return json.readTree(text.replace('\'', '"'));
    }

    @Test
    void readsTextHistoryStreamOptionsAndUser() throws Exception {
        ChatInput input = ChatRequestParser.parse(body("""
                {'model':'helper','stream':true,'stream_options':{'include_usage':true},'user':'u-1','temperature':0.2,
                 'messages':[{'role':'system','content':'Be brief.'},{'role':'user','content':'Hi'},
                             {'role':'assistant','content':'Hello!'},{'role':'user','content':'Refunds?'}]}"""));

        assertThat(input.model()).isEqualTo("helper");
        assertThat(input.stream()).isTrue();
        assertThat(input.includeUsage()).isTrue();
        assertThat(input.user()).isEqualTo("u-1");
        assertThat(input.messages())
                .extracting(ChatInput.Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(input.messages())
                .extracting(ChatInput.Message::text)
                .containsExactly("Be brief.", "Hi", "Hello!", "Refunds?");
    }

    @Test
    void readsTextAndImageParts() throws Exception {
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        ChatInput input = ChatRequestParser.parse(body("""
                {'model':'m','messages':[{'role':'user','content':[
                  {'type':'text','text':'What is this?'},
                  {'type':'image_url','image_url':{'url':'https://example.com/cat.png','detail':'low'}},
                  {'type':'image_url','image_url':{'url':'data:image/png;base64,%s'}}]}]}""".formatted(png)));

        ChatInput.Message message = input.messages().getFirst();
        assertThat(message.text()).isEqualTo("What is this?");
        assertThat(message.images()).hasSize(2);
        assertThat(message.images().get(0)).isEqualTo(new ImageUrl("https://example.com/cat.png"));
        ImageData data = (ImageData) message.images().get(1);
        assertThat(data.mediaType()).isEqualTo("image/png");
        assertThat(data.bytes()).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(input.stream()).isFalse();
    }

    @Test
    void acceptsNOnlyAsTheWholeNumberOne() throws Exception {
        for (String n : List.of("1", "1.0", "null")) {
            assertThat(ChatRequestParser.parse(
                                    body("{'model':'m','n':" + n + ",'messages':[{'role':'user','content':'x'}]}"))
                            .model())
                    .isEqualTo("m");
        }
    }

    @Test
    void rejectsWhatCozeCannotTakeNamingTheField() throws Exception {
        assertRejected("{'messages':[{'role':'user','content':'x'}]}", "model", "'model' is required.");
        assertRejected("{'model':'m'}", "messages", "'messages' is required.");
        assertRejected("{'model':'m','messages':[]}", "messages", "non-empty array");
        assertRejected("{'model':'m','messages':[{'role':'robot','content':'x'}]}", "messages[0].role", "got 'robot'");
        assertRejected(
                "{'model':'m','messages':[{'role':'tool','content':'x','tool_call_id':'1'}]}",
                "messages[0].role",
                "calls its own plugins");
        assertRejected(
                "{'model':'m','messages':[{'role':'user','content':'x'},{'role':'assistant','content':'y'}]}",
                "messages[1].role",
                "last message must have role 'user'");
        assertRejected(
                "{'model':'m','messages':[{'role':'user','content':42}]}",
                "messages[0].content",
                "string or a non-empty array");
        assertRejected(
                "{'model':'m','messages':[{'role':'user','content':'  '}]}",
                "messages[0].content",
                "must not be empty");
        assertRejected(
                "{'model':'m','messages':[{'role':'user','content':[{'type':'input_audio'}]}]}",
                "messages[0].content[0].type",
                "only 'text' and 'image_url'");
        assertRejected(
                "{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'ftp://x/y.png'}}]}]}",
                "messages[0].content[0].image_url.url",
                "http(s) URL or a base64 data: URL");
        assertRejected(
                "{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:text/plain;base64,aGk='}}]}]}",
                "messages[0].content[0].image_url.url",
                "must hold an image");
        assertRejected(
                "{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png;base64,@@@'}}]}]}",
                "messages[0].content[0].image_url.url",
                "valid base64");
        assertRejected(
                "{'model':'m','stream':'yes','messages':[{'role':'user','content':'x'}]}", "stream", "true or false");
        assertRejected("{'model':'m','n':2,'messages':[{'role':'user','content':'x'}]}", "n", "Only n=1");
        // n is a count: a fraction, a string or a boolean is refused even where it would round to 1
        for (String n : List.of("1.5", "0.9", "'1'", "true", "1e400", "4294967297")) {
            assertRejected("{'model':'m','n':" + n + ",'messages':[{'role':'user','content':'x'}]}", "n", "Only n=1");
        }
        assertRejected(
                "{'model':'m','tools':[{'type':'function'}],'messages':[{'role':'user','content':'x'}]}",
                "tools",
                "own plugins");
        assertRejected(
                "{'model':'m','messages':[{'role':'assistant','content':null,'tool_calls':[{'id':'1'}]},{'role':'user','content':'x'}]}",
                "messages[0].tool_calls",
                "own plugins");
        assertRejected(
                "{'model':'m','messages':[{'role':'system','content':[{'type':'image_url','image_url':{'url':'https://x/y'}}]},{'role':'user','content':'x'}]}",
                "messages[0].content[0]",
                "only text parts");
        assertRejected("[1,2]", null, "JSON object");
    }

    @Test
    void limitsTheHistoryToWhatCozeAccepts() throws Exception {
        StringBuilder messages = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            messages.append(i == 0 ? "" : ",")
                    .append("{'role':'user','content':'m")
                    .append(i)
                    .append("'}");
        }
        assertRejected(
                "{'model':'m','messages':[{'role':'system','content':'s'}," + messages + "]}",
                "messages",
                "at most 100 user and assistant messages per chat; this request has 101");
    }

    private void assertRejected(String text, String param, String message) throws Exception {
        JsonNode node = body(text);
        assertThatThrownBy(() -> ChatRequestParser.parse(node)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
            JsonNode error = e.toJson(json).get("error");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            if (param == null) {
                assertThat(error.get("param").isNull()).isTrue();
            } else {
                assertThat(error.get("param").asText()).isEqualTo(param);
            }
        });
    }
}
