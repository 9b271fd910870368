package dev.cozebridge.fakes.coze;

/**
 * One streamed chat the fake served, once its stream ended.
 *
 * @param closedByClient the client hung up before the fake had written the whole stream
 * @param end            how it ended: COMPLETED, FAILED, REQUIRES_ACTION, CUT or CLIENT_GONE
 */
public record RecordedStream(String chatId, String conversationId, boolean closedByClient, String end) {}
