package dev.cozebridge.fakes.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake's protocol and strictness, spoken to with a plain HTTP client. */
class FakeTelegramTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeTelegram fake = FakeTelegram.start(FakeTelegram.Settings.defaults()
            .withLimits(
                    new FakeTelegram.Limit(2, Duration.ofSeconds(30)),
                    new FakeTelegram.Limit(3, Duration.ofSeconds(30)),
                    new FakeTelegram.Limit(30, Duration.ofSeconds(1))));
    private final FakeTelegram.User alice = FakeTelegram.User.human(555, "Alice", "alice");

    @AfterEach
    void close() {
        fake.close();
    }

    private JsonNode call(String token, String method, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(fake.apiUrl() + "/bot" + token + "/" + method))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode node = json.readTree(r.body());
        if (!node.path("ok").asBoolean()) {
            assertThat(node.path("error_code").asInt()).isEqualTo(r.statusCode());
        }
        return node;
    }

    private JsonNode call(String method, String body) throws Exception {
        return call(fake.token(), method, body);
    }

    @Test
    void wrongTokenIs401AndUnknownMethodIs404() throws Exception {
        assertThat(call("1:wrong", "getMe", "{}").path("description").asText()).isEqualTo("Unauthorized");
        assertThat(call("sendSticker", "{}").path("error_code").asInt()).isEqualTo(404);
        assertThat(call("GETME", "{}").path("result").path("username").asText()).isEqualTo("proto_bot");
    }

    @Test
    void sendMessageValidatesChatTextAndReply() throws Exception {
        fake.privateChat(alice);
        assertThat(call("sendMessage", "{\"chat_id\":\"999\",\"text\":\"x\"}")
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: chat not found");
        assertThat(call("sendMessage", "{\"chat_id\":555,\"text\":\"  \"}")
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: message text is empty");
        assertThat(call("sendMessage", "{\"chat_id\":555,\"text\":\"" + "x".repeat(4097) + "\"}")
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: message is too long");
        assertThat(call("sendMessage", "{\"chat_id\":555,\"text\":\"a < b\",\"parse_mode\":\"HTML\"}")
                        .path("description")
                        .asText())
                .startsWith("Bad Request: can't parse entities");
        assertThat(call("sendMessage", "{\"chat_id\":555,\"text\":\"hi\",\"reply_parameters\":{\"message_id\":77}}")
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: message to be replied not found");
        // 4096 characters after entity parsing are fine even though the markup is longer
        JsonNode ok = call(
                "sendMessage",
                "{\"chat_id\":\"555\",\"parse_mode\":\"HTML\",\"text\":\"<b>" + "x".repeat(4096)
                        + "</b>\",\"reply_parameters\":{\"message_id\":77,\"allow_sending_without_reply\":true}}");
        assertThat(ok.path("ok").asBoolean()).isTrue();
        assertThat(fake.sent(fake.privateChat(alice)))
                .singleElement()
                .satisfies(m -> assertThat(m.entityTypes()).containsExactly("bold"));
    }

    @Test
    void editRules() throws Exception {
        FakeTelegram.Chat chat = fake.privateChat(alice);
        int userMessage = fake.userSays(chat, alice, "hello");
        int id = call("sendMessage", "{\"chat_id\":555,\"text\":\"one\"}")
                .path("result")
                .path("message_id")
                .asInt();
        assertThat(call("editMessageText", "{\"chat_id\":\"555\",\"message_id\":" + id + ",\"text\":\"one\"}")
                        .path("description")
                        .asText())
                .startsWith("Bad Request: message is not modified");
        assertThat(call("editMessageText", "{\"chat_id\":555,\"message_id\":999,\"text\":\"x\"}")
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: message to edit not found");
        assertThat(call("editMessageText", "{\"chat_id\":555,\"message_id\":" + userMessage + ",\"text\":\"x\"}")
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: message can't be edited");
        JsonNode edited = call(
                "editMessageText",
                "{\"chat_id\":555,\"message_id\":" + id + ",\"text\":\"<i>two</i>\",\"parse_mode\":\"HTML\"}");
        assertThat(edited.path("result").has("edit_date")).isTrue();
        assertThat(fake.sent(chat)).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("two");
            assertThat(m.versions()).containsExactly("one", "two");
        });
    }

    @Test
    void floodControlAnswers429WithRetryAfter() throws Exception {
        FakeTelegram.Chat chat = fake.privateChat(alice);
        call("sendMessage", "{\"chat_id\":555,\"text\":\"1\"}");
        call("sendMessage", "{\"chat_id\":555,\"text\":\"2\"}");
        JsonNode limited = call("sendMessage", "{\"chat_id\":555,\"text\":\"3\"}");
        assertThat(limited.path("error_code").asInt()).isEqualTo(429);
        assertThat(limited.path("description").asText()).startsWith("Too Many Requests: retry after ");
        assertThat(limited.path("parameters").path("retry_after").asInt()).isBetween(1, 30);
        assertThat(fake.sent(chat)).hasSize(2);
        fake.group(-100, "G");
        fake.inject429(1, 7);
        assertThat(call("sendMessage", "{\"chat_id\":-100,\"text\":\"g\"}")
                        .path("parameters")
                        .path("retry_after")
                        .asInt())
                .isEqualTo(7);
        assertThat(fake.served429()).isEqualTo(2);
    }

    @Test
    void getUpdatesConfirmsByOffsetHoldsAndConflicts() throws Exception {
        FakeTelegram.Chat chat = fake.privateChat(alice);
        fake.userSays(chat, alice, "/ask@proto_bot hello @proto_bot");
        JsonNode first = call("getUpdates", "{\"offset\":0,\"timeout\":0}").path("result");
        assertThat(first).hasSize(1);
        JsonNode message = first.get(0).path("message");
        assertThat(message.path("entities").get(0).path("type").asText()).isEqualTo("bot_command");
        assertThat(message.path("entities").get(0).path("length").asInt()).isEqualTo(14);
        assertThat(message.path("entities").get(1).path("type").asText()).isEqualTo("mention");
        int id = first.get(0).path("update_id").asInt();
        assertThat(call("getUpdates", "{\"offset\":" + (id + 1) + ",\"timeout\":0}")
                        .path("result"))
                .isEmpty();
        assertThat(fake.pendingUpdates()).isZero();

        CompletableFuture<JsonNode> held = CompletableFuture.supplyAsync(() -> {
            try {
                return call("getUpdates", "{\"offset\":" + (id + 1) + ",\"timeout\":20}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().until(() -> fake.waitingPolls() == 1);
        JsonNode second = call("getUpdates", "{\"offset\":" + (id + 1) + ",\"timeout\":0}");
        assertThat(held.get().path("error_code").asInt()).isEqualTo(409);
        assertThat(second.path("ok").asBoolean()).isTrue();
    }

    @Test
    void heldPollReturnsAsSoonAsAMessageArrives() throws Exception {
        FakeTelegram.Chat chat = fake.privateChat(alice);
        CompletableFuture<JsonNode> held = CompletableFuture.supplyAsync(() -> {
            try {
                return call("getUpdates", "{\"timeout\":20}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().until(() -> fake.waitingPolls() == 1);
        fake.userSays(chat, alice, "hi");
        assertThat(held.get(10, java.util.concurrent.TimeUnit.SECONDS).path("result"))
                .hasSize(1);
    }

    @Test
    void chatMemberStatusComesFromConfiguredAdmins() throws Exception {
        FakeTelegram.Chat group = fake.supergroup(-1001, "Team");
        FakeTelegram.User bob = FakeTelegram.User.human(666, "Bob", null);
        fake.userSays(group, alice, "hi");
        fake.userSays(group, bob, "hi");
        fake.setAdmins(group, alice);
        assertThat(call("getChatMember", "{\"chat_id\":\"-1001\",\"user_id\":555}")
                        .path("result")
                        .path("status")
                        .asText())
                .isEqualTo("administrator");
        assertThat(call("getChatMember", "{\"chat_id\":-1001,\"user_id\":666}")
                        .path("result")
                        .path("status")
                        .asText())
                .isEqualTo("member");
    }

    private static String keyboard(String data) {
        return ",\"reply_markup\":{\"inline_keyboard\":[[{\"text\":\"Go\",\"callback_data\":\"" + data + "\"}]]}";
    }

    @Test
    void inlineKeyboardsAreCheckedLikeTelegramAndAnEditWithoutOneRemovesIt() throws Exception {
        fake.privateChat(alice);
        assertThat(call("sendMessage", "{\"chat_id\":555,\"text\":\"x\"" + keyboard("a".repeat(65)) + "}")
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: BUTTON_DATA_INVALID");
        // 64 bytes, counted in UTF-8: 22 three-byte characters are 66
        assertThat(call("sendMessage", "{\"chat_id\":555,\"text\":\"x\"" + keyboard("好".repeat(22)) + "}")
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: BUTTON_DATA_INVALID");
        assertThat(call(
                                "sendMessage",
                                "{\"chat_id\":555,\"text\":\"x\",\"reply_markup\":{\"inline_keyboard\":[[{\"text\":\"Go\"}]]}}")
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: text buttons are unallowed in the inline keyboard");
        JsonNode sent = call("sendMessage", "{\"chat_id\":555,\"text\":\"x\"" + keyboard("fu:1") + "}");
        int id = sent.path("result").path("message_id").asInt();
        assertThat(sent.at("/result/reply_markup/inline_keyboard/0/0/callback_data")
                        .asText())
                .isEqualTo("fu:1");

        assertThat(call(
                                "editMessageText",
                                "{\"chat_id\":555,\"message_id\":" + id + ",\"text\":\"x\"" + keyboard("fu:1") + "}")
                        .path("description")
                        .asText())
                .startsWith("Bad Request: message is not modified");
        assertThat(call("editMessageText", "{\"chat_id\":555,\"message_id\":" + id + ",\"text\":\"x\"}")
                        .path("ok")
                        .asBoolean())
                .isTrue();
        assertThat(fake.sent(fake.privateChat(alice)).getFirst().buttons()).isEmpty();
    }

    @Test
    void aPressIsACallbackQueryAnsweredOnceAndEditMessageReplyMarkupRemovesButtons() throws Exception {
        FakeTelegram fast = FakeTelegram.start(FakeTelegram.Settings.defaults()
                .withLimits(
                        new FakeTelegram.Limit(30, Duration.ofSeconds(1)),
                        new FakeTelegram.Limit(30, Duration.ofSeconds(1)),
                        new FakeTelegram.Limit(30, Duration.ofSeconds(1))));
        try {
            FakeTelegram.Chat chat = fast.privateChat(alice);
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(fast.apiUrl() + "/bot" + fast.token() + "/sendMessage"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"chat_id\":555,\"text\":\"x\"" + keyboard("fu:1") + "}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            int id = json.readTree(r.body()).at("/result/message_id").asInt();
            String query = fast.press(chat, alice, id, "fu:1");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fast.press(chat, alice, id, "fu:2"))
                    .isInstanceOf(IllegalArgumentException.class);

            JsonNode updates = json.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(fast.apiUrl() + "/bot" + fast.token() + "/getUpdates"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            JsonNode callback = updates.at("/result/0/callback_query");
            assertThat(callback.path("id").asText()).isEqualTo(query);
            assertThat(callback.path("data").asText()).isEqualTo("fu:1");
            assertThat(callback.at("/message/message_id").asInt()).isEqualTo(id);

            String answer = "{\"callback_query_id\":\"" + query + "\",\"text\":\"done\"}";
            JsonNode first = json.readTree(post(fast, "answerCallbackQuery", answer));
            JsonNode second = json.readTree(post(fast, "answerCallbackQuery", answer));
            assertThat(first.path("ok").asBoolean()).isTrue();
            assertThat(second.path("description").asText())
                    .isEqualTo("Bad Request: query is too old and response timeout expired or query ID is invalid");
            assertThat(fast.callbackAnswer(query)).isEqualTo("done");

            JsonNode cleared =
                    json.readTree(post(fast, "editMessageReplyMarkup", "{\"chat_id\":555,\"message_id\":" + id + "}"));
            assertThat(cleared.path("ok").asBoolean()).isTrue();
            assertThat(fast.sent(chat).getFirst().buttons()).isEmpty();
            assertThat(json.readTree(
                                    post(fast, "editMessageReplyMarkup", "{\"chat_id\":555,\"message_id\":" + id + "}"))
                            .path("description")
                            .asText())
                    .startsWith("Bad Request: message is not modified");
        } finally {
            fast.close();
        }
    }

    @Test
    void photosByUrlAreFetchedAndRefusedWhenTheyCannotBe() throws Exception {
        FakeTelegram fast = FakeTelegram.start(FakeTelegram.Settings.defaults()
                .withLimits(
                        new FakeTelegram.Limit(30, Duration.ofSeconds(1)),
                        new FakeTelegram.Limit(30, Duration.ofSeconds(1)),
                        new FakeTelegram.Limit(30, Duration.ofSeconds(1))));
        dev.cozebridge.fakes.coze.FakeCoze images = dev.cozebridge.fakes.coze.FakeCoze.start();
        try {
            FakeTelegram.Chat chat = fast.privateChat(alice);
            String cat = images.image("cat.png");
            JsonNode ok = json.readTree(post(fast, "sendPhoto", "{\"chat_id\":555,\"photo\":\"" + cat + "\"}"));
            assertThat(ok.at("/result/photo/0/file_id").asText()).isNotEmpty();
            assertThat(json.readTree(post(
                                    fast,
                                    "sendPhoto",
                                    "{\"chat_id\":555,\"photo\":\"" + images.missingImage("x.png") + "\"}"))
                            .path("description")
                            .asText())
                    .isEqualTo("Bad Request: failed to get HTTP URL content");
            assertThat(json.readTree(post(fast, "sendPhoto", "{\"chat_id\":555,\"photo\":\"not-a-file\"}"))
                            .path("description")
                            .asText())
                    .isEqualTo("Bad Request: wrong file identifier/HTTP URL specified");
            assertThat(json.readTree(post(
                                    fast,
                                    "sendMediaGroup",
                                    "{\"chat_id\":555,\"media\":[{\"type\":\"photo\",\"media\":\"" + cat + "\"}]}"))
                            .path("description")
                            .asText())
                    .isEqualTo("Bad Request: wrong number of media in the album, must be 2-10");
            assertThat(fast.photos(chat)).hasSize(1);
        } finally {
            images.close();
            fast.close();
        }
    }

    private String post(FakeTelegram on, String method, String body) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(on.apiUrl() + "/bot" + on.token() + "/" + method))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void injectedResetsAndServerErrorsHitWritesWithoutDoingThem() throws Exception {
        FakeTelegram.Chat chat = fake.privateChat(alice);
        fake.injectResets(1);
        fake.injectServerErrors(1);
        assertThat(call("getMe", "{}").path("ok").asBoolean()).isTrue();
        assertThatThrownBy(() -> call("sendMessage", "{\"chat_id\":555,\"text\":\"1\"}"))
                .isInstanceOf(java.io.IOException.class);
        JsonNode failed = call("sendMessage", "{\"chat_id\":555,\"text\":\"1\"}");
        assertThat(failed.path("error_code").asInt()).isEqualTo(502);
        assertThat(failed.path("description").asText()).isEqualTo("Bad Gateway");
        assertThat(fake.sent(chat)).isEmpty();
        assertThat(call("sendMessage", "{\"chat_id\":555,\"text\":\"1\"}")
                        .path("ok")
                        .asBoolean())
                .isTrue();
        assertThat(fake.faults().resetsServed()).isEqualTo(1);
        assertThat(fake.faults().serverErrorsServed()).isEqualTo(1);
    }
}
