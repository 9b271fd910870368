package dev.cozebridge.fakes.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Media in the fake Bot API (media-and-interactions §2.1–2.3, §2.6): shapes, getFile, the file route, edits. */
class FakeTelegramMediaTest {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeTelegram fake = FakeTelegram.start();
    private final FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");
    private final FakeTelegram.User bob = FakeTelegram.User.human(666, "Bob", "bob");

    @AfterEach
    void close() {
        fake.close();
    }

    private JsonNode call(String method, String body) throws Exception {
        return json.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(fake.apiUrl() + "/bot" + fake.token() + "/" + method))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }

    private HttpResponse<byte[]> download(String token, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(fake.apiUrl() + "/file/bot" + token + "/" + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode updates() throws Exception {
        return call("getUpdates", "{\"timeout\":0}").path("result");
    }

    @Test
    void aPhotoComesInSizesAndItsCaptionCarriesTheEntities() throws Exception {
        FakeTelegram.Chat group = fake.supergroup(-100, "Team");
        fake.message(group, alice, "@proto_bot what is this?")
                .photo(new byte[800])
                .send();

        JsonNode message = updates().get(0).path("message");
        assertThat(message.has("text")).isFalse();
        assertThat(message.path("caption").asText()).isEqualTo("@proto_bot what is this?");
        assertThat(message.path("caption_entities").get(0).path("type").asText())
                .isEqualTo("mention");
        JsonNode sizes = message.path("photo");
        assertThat(sizes).hasSize(2);
        assertThat(sizes.get(1).path("file_size").asInt()).isEqualTo(800);
        assertThat(sizes.get(0).path("file_size").asInt()).isEqualTo(100);
        assertThat(sizes.get(1).path("file_id").asText())
                .isNotEqualTo(sizes.get(0).path("file_id").asText());
    }

    @Test
    void getFileGivesAPathTheFileRouteServesWithTheRightTokenOnly() throws Exception {
        FakeTelegram.Chat chat = fake.privateChat(alice);
        byte[] voice = {'O', 'g', 'g', 'S', 1, 2, 3};
        fake.message(chat, alice, "").voice(voice, 2).send();
        JsonNode note = updates().get(0).path("message").path("voice");
        assertThat(note.path("mime_type").asText()).isEqualTo("audio/ogg");

        JsonNode file = call("getFile", "{\"file_id\":\"" + note.path("file_id").asText() + "\"}")
                .path("result");
        String path = file.path("file_path").asText();
        assertThat(path).startsWith("voice/").endsWith(".oga");
        assertThat(file.path("file_size").asInt()).isEqualTo(voice.length);

        assertThat(download(fake.token(), path).body()).isEqualTo(voice);
        assertThat(download("1:wrong", path).statusCode()).isEqualTo(404);
        assertThat(download(fake.token(), "voice/file_99.oga").statusCode()).isEqualTo(404);
        assertThat(fake.downloads()).containsExactly(path);
        assertThat(call("getFile", "{\"file_id\":\"nope\"}").path("description").asText())
                .isEqualTo("Bad Request: invalid file_id");
    }

    @Test
    void filesOverTwentyMegabytesCannotBeDownloadedFromTheCloudApi() throws Exception {
        FakeTelegram.Chat chat = fake.privateChat(alice);
        fake.message(chat, alice, "big")
                .document("big.bin", "application/octet-stream", new byte[20 * 1024 * 1024 + 1])
                .send();
        JsonNode document = updates().get(0).path("message").path("document");
        assertThat(document.path("file_name").asText()).isEqualTo("big.bin");

        JsonNode answer =
                call("getFile", "{\"file_id\":\"" + document.path("file_id").asText() + "\"}");
        assertThat(answer.path("ok").asBoolean()).isFalse();
        assertThat(answer.path("description").asText()).isEqualTo("Bad Request: file is too big");
    }

    @Test
    void anAlbumIsSeveralUpdatesSharingAMediaGroupWithTheCaptionOnTheFirst() throws Exception {
        FakeTelegram.Chat chat = fake.privateChat(alice);
        List<Integer> ids = fake.album(chat, alice, "two views", new byte[10], new byte[20]);

        JsonNode updates = updates();
        assertThat(updates).hasSize(2);
        JsonNode first = updates.get(0).path("message");
        JsonNode second = updates.get(1).path("message");
        assertThat(first.path("message_id").asInt()).isEqualTo(ids.get(0));
        assertThat(first.path("media_group_id").asText())
                .isEqualTo(second.path("media_group_id").asText());
        assertThat(first.path("caption").asText()).isEqualTo("two views");
        assertThat(second.has("caption")).isFalse();
    }

    @Test
    void anEditIsAnEditedMessageUpdateWithTheNewText() throws Exception {
        FakeTelegram.Chat chat = fake.privateChat(alice);
        int id = fake.userSays(chat, alice, "wrong question");
        fake.userEdits(chat, id, "/ask the right question");

        JsonNode updates = updates();
        JsonNode edited = updates.get(1).path("edited_message");
        assertThat(updates.get(1).has("message")).isFalse();
        assertThat(edited.path("message_id").asInt()).isEqualTo(id);
        assertThat(edited.path("text").asText()).isEqualTo("/ask the right question");
        assertThat(edited.path("entities").get(0).path("type").asText()).isEqualTo("bot_command");
        assertThat(edited.path("edit_date").asLong()).isPositive();
    }

    @Test
    void aQuoteMustBePartOfTheRepliedMessage() throws Exception {
        FakeTelegram.Chat group = fake.supergroup(-101, "Team");
        int claim = fake.userSays(group, bob, "Lunch at noon. The moon is cheese.");
        fake.message(group, alice, "really?")
                .replyingTo(claim)
                .quoting("The moon is cheese.")
                .send();

        JsonNode quote = updates().get(1).path("message").path("quote");
        assertThat(quote.path("text").asText()).isEqualTo("The moon is cheese.");
        assertThat(quote.path("position").asInt()).isEqualTo(15);
        assertThatThrownBy(() -> fake.message(group, alice, "?")
                        .replyingTo(claim)
                        .quoting("not in it")
                        .send())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
