package dev.cozebridge.platform.http;

import java.util.List;

/**
 * A validated {@code /v1/chat/completions} body.
 *
 * @param model        the requested model: a bot name or an alias
 * @param messages     the conversation in order, system messages included, the user's new message last
 * @param stream       answer as SSE chunks
 * @param includeUsage {@code stream_options.include_usage}: send a usage chunk before {@code [DONE]}
 * @param user         the OpenAI {@code user} field, or null
 */
record ChatInput(String model, List<Message> messages, boolean stream, boolean includeUsage, String user) {
    ChatInput {
        messages = List.copyOf(messages);
    }

    enum Role {
        SYSTEM,
        USER,
        ASSISTANT
    }

    /** One OpenAI message reduced to what Coze can take: text and, for user messages, images. */
    record Message(Role role, String text, List<Image> images) {
        Message {
            images = List.copyOf(images);
        }
    }

    /** An {@code image_url} content part. */
    sealed interface Image {}

    /** A public http(s) URL: passed to Coze as {@code file_url}. */
    record ImageUrl(String url) implements Image {}

    /** A {@code data:} URL: uploaded to Coze, then referenced by {@code file_id}. */
    record ImageData(String mediaType, byte[] bytes) implements Image {}
}
