package dev.cozebridge.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cozebridge.agent.AgentMessage;
import dev.cozebridge.agent.FileUploader;
import dev.cozebridge.core.Role;
import dev.cozebridge.platform.http.ChatInput.Image;
import dev.cozebridge.platform.http.ChatInput.ImageData;
import dev.cozebridge.platform.http.ChatInput.ImageUrl;
import dev.cozebridge.platform.http.ChatInput.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns OpenAI messages into Coze's {@code additional_messages}.
 *
 * <ul>
 *     <li>user and assistant messages keep their order; empty assistant messages are dropped;</li>
 *     <li>Coze has no system role, so all system (and developer) messages, joined by a blank line, are put in
 *     front of the first user message, separated from it by a blank line;</li>
 *     <li>a user message with images becomes an {@code object_string}: one text item (the bot's short default
 *     prompt when the message has no text, since Coze wants text beside an image) then one image item per
 *     picture, {@code file_url} for http(s) URLs, {@code file_id} after uploading a {@code data:} URL through the
 *     bot's {@link FileUploader} (which waits its turn in the Coze client's rate limiter).</li>
 * </ul>
 * Uploads belong to the uploading Coze account, so the mapping is done per bot.
 */
final class MessageMapper {
    private final ObjectMapper json;

    MessageMapper(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @throws dev.cozebridge.agent.AgentFailureException when an upload fails
     */
    List<AgentMessage> map(List<Message> messages, FileUploader uploader, String defaultPrompt) {
        String system = systemText(messages);
        boolean systemPlaced = system.isEmpty();
        List<AgentMessage> out = new ArrayList<>();
        int upload = 0;
        for (Message message : messages) {
            switch (message.role()) {
                case SYSTEM -> {}
                case ASSISTANT -> {
                    if (!message.text().isBlank()) {
                        out.add(AgentMessage.assistant(message.text()));
                    }
                }
                case USER -> {
                    String text = message.text();
                    if (!systemPlaced) {
                        text = text.isEmpty() ? system : system + "\n\n" + text;
                        systemPlaced = true;
                    }
                    if (message.images().isEmpty()) {
                        out.add(AgentMessage.user(text));
                    } else {
                        ArrayNode items = json.createArrayNode();
                        items.addObject().put("type", "text").put("text", text.isBlank() ? defaultPrompt : text);
                        for (Image image : message.images()) {
                            ObjectNode item = items.addObject().put("type", "image");
                            switch (image) {
                                case ImageUrl url -> item.put("file_url", url.url());
                                case ImageData data ->
                                    item.put(
                                            "file_id",
                                            uploader.upload(
                                                    fileName(++upload, data.mediaType()),
                                                    data.mediaType(),
                                                    data.bytes()));
                            }
                        }
                        out.add(new AgentMessage(Role.USER, items.toString(), true));
                    }
                }
            }
        }
        return out;
    }

    private static String systemText(List<Message> messages) {
        StringBuilder system = new StringBuilder();
        for (Message message : messages) {
            if (message.role() == ChatInput.Role.SYSTEM && !message.text().isBlank()) {
                if (!system.isEmpty()) {
                    system.append("\n\n");
                }
                system.append(message.text());
            }
        }
        return system.toString();
    }

    private static String fileName(int index, String mediaType) {
        String subtype = mediaType.substring(mediaType.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        String extension = switch (subtype) {
            case "jpeg", "pjpeg" -> "jpg";
            case "svg+xml" -> "svg";
            default -> subtype.replaceAll("[^a-z0-9]", "");
        };
        return "image-" + index + "." + (extension.isEmpty() ? "bin" : extension);
    }
}
