package dev.cozebridge.store;

import dev.cozebridge.core.Author;
import dev.cozebridge.core.Citation;
import dev.cozebridge.core.ConversationKey;
import dev.cozebridge.core.MessageRef;
import dev.cozebridge.core.TokenUsage;
import dev.cozebridge.core.TurnStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Conversations and their turns. Thread-safe; every method is one short transaction and throws
 * {@link StoreException} (unchecked) when the database fails.
 */
public interface HistoryStore {
    /** The longest text a turn may hold; a longer one is refused with a {@link StoreException}. */
    int MAX_TEXT_CHARS = 1_000_000;

    /**
     * Stores a user turn (status COMPLETE). Returns empty when this conversation already has a turn for
     * {@code platformMessageId}: the event is a replay and must not be answered again.
     */
    Optional<Long> appendUserTurn(
            ConversationKey key, Author author, String text, String platformMessageId, Instant at);

    /** Records the files a user turn carried to Coze, after the ones it has already. */
    void addFiles(long turnId, List<StoredFile> files);

    /**
     * Replaces a user turn's text (an edited question, a voice message's transcript) and makes it COMPLETE again,
     * so the next window relays the new version.
     */
    void reviseUserTurn(long turnId, String text);

    /** The newest question since the last reset and the reply to it, if the conversation has one. */
    Optional<LastExchange> lastExchange(ConversationKey key);

    /**
     * Puts a finished assistant turn back to STREAMING with empty text, keeping its platform messages, so an
     * edited question's new answer is written into them and crash recovery can still finalize it.
     */
    void reopenAssistantTurn(long turnId);

    /** Creates the assistant turn answering {@code userTurnId}, in status STREAMING with empty text. */
    long beginAssistantTurn(ConversationKey key, long userTurnId, Instant at);

    /** Records a platform message carrying (part of) this reply, in order, as soon as it exists. */
    void addReplyMessage(long turnId, MessageRef message);

    /** Saves the text streamed so far, so a crash can be finalized with it on the next start. */
    void saveProgress(long turnId, String text);

    /** Final state of an assistant turn. */
    void finishAssistantTurn(
            long turnId, String text, TurnStatus status, TokenUsage usage, List<Citation> citations, Instant at);

    /** Changes a turn's status (e.g. a user turn whose answer failed outright becomes FAILED). */
    void setStatus(long turnId, TurnStatus status);

    /**
     * The history to relay: turns since the last reset with status COMPLETE or PARTIAL, oldest first, the newest
     * {@code maxTurns} whose text fits in {@code maxChars} in total. The newest turn is always included, even
     * alone over budget.
     */
    List<StoredTurn> window(ConversationKey key, int maxTurns, int maxChars);

    /** Every turn of the conversation (also before resets and failed ones), oldest first. */
    List<StoredTurn> turns(ConversationKey key);

    /** Clears the history for future windows; records who and when. */
    void reset(ConversationKey key, Author by, Instant at);

    /** Whether anything (a turn, a reset) was ever stored for this conversation. */
    boolean exists(ConversationKey key);

    /** The last reset of this conversation, if any. */
    Optional<ResetRecord> lastReset(ConversationKey key);

    /**
     * A chat got a new id (a Telegram group upgraded to a supergroup): every conversation of {@code bot} on
     * {@code platform} in {@code fromPlace} (scope {@code fromPlace}, its topics {@code fromPlace:…} and per-person
     * scopes {@code fromPlace/…}) continues under the same scope in {@code toPlace}, with its turns, resets and
     * unpressed suggestion buttons and its messages waiting in the inbound queue, in one transaction. Where the new scope has a conversation already, the moved
     * turns join it. Returns how many conversations moved; moving again moves nothing.
     */
    int movePlace(String bot, String platform, String fromPlace, String toPlace);

    /** Assistant turns of this bot and platform still STREAMING: a previous process died mid-reply. */
    List<UnfinishedReply> unfinished(String bot, String platform);

    /** The assistant turns of one conversation still STREAMING (its own or a dead process's). */
    List<UnfinishedReply> unfinished(ConversationKey key);

    /**
     * The user turn stored for a platform message, if any, and whether an answer to it was begun: a queued message
     * run again after a crash continues where it stopped instead of being asked twice or not at all.
     */
    Optional<StoredQuestion> question(ConversationKey key, String platformMessageId);

    /**
     * The inbound queue kept in this same database: recovery reads both together, and an instance that sees one
     * must see the other.
     */
    InboundQueue queue();

    /** A stored question and how far its answer got. */
    record StoredQuestion(long turnId, TurnStatus status, boolean answerBegun) {}
}
