package dev.cozebridge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cozebridge.core.Role;
import java.util.List;

/**
 * One entry of the history sent to the agent.
 *
 * @param role         user or assistant
 * @param content      plain text (Markdown), or for {@code objectString} the JSON array text Coze expects
 * @param objectString true when {@code content} is an object_string array (multimodal)
 */
public record AgentMessage(Role role, String content, boolean objectString) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file a user message refers to: an uploaded file's id, or a public URL. */
    public record FileItem(Type type, String fileId, String fileUrl) {
        public enum Type {
            IMAGE,
            FILE
        }

        public static FileItem uploaded(Type type, String fileId) {
            return new FileItem(type, fileId, null);
        }

        public static FileItem url(Type type, String url) {
            return new FileItem(type, null, url);
        }
    }

    public static AgentMessage user(String text) {
        return new AgentMessage(Role.USER, text, false);
    }

    public static AgentMessage assistant(String text) {
        return new AgentMessage(Role.ASSISTANT, text, false);
    }

    /**
     * A user message with files, in the one encoding Coze takes everywhere (media-and-interactions §1.2): exactly
     * one text item, then the files in order. Without files it is a plain text message.
     *
     * @param text never blank: Coze wants text beside an image
     */
    public static AgentMessage userWithFiles(String text, List<FileItem> files) {
        if (files.isEmpty()) {
            return user(text);
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a message with files needs text beside them");
        }
        ArrayNode items = JSON.createArrayNode();
        items.addObject().put("type", "text").put("text", text);
        for (FileItem file : files) {
            var item = items.addObject().put("type", file.type() == FileItem.Type.IMAGE ? "image" : "file");
            if (file.fileId() != null) {
                item.put("file_id", file.fileId());
            } else {
                item.put("file_url", file.fileUrl());
            }
        }
        return new AgentMessage(Role.USER, items.toString(), true);
    }
}
