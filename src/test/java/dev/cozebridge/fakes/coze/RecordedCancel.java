package dev.cozebridge.fakes.coze;

/** One {@code POST /v3/chat/cancel}: the ids from its body and whether the fake accepted it. */
public record RecordedCancel(String conversationId, String chatId, boolean accepted) {}
