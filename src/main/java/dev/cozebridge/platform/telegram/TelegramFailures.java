package dev.cozebridge.platform.telegram;

import dev.cozebridge.platform.PlatformException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * Reads Telegram's error answers and turns them into {@link PlatformException}s. Every text that leaves this
 * class is scrubbed of the bot token, which TelegramBots puts into every request URL.
 */
final class TelegramFailures {

    /** Descriptions that mean "this reply can never be written": stop instead of retrying. */
    /** One message can no longer be edited while its chat is still writable: the reply goes on in a new one. */
    private static final List<String> MESSAGE_GONE =
            List.of("message to edit not found", "message can't be edited", "message_id_invalid");

    private static final List<String> GONE = List.of(
            "bot was blocked by the user",
            "chat not found",
            "not enough rights",
            "have no rights",
            "bot was kicked",
            "user is deactivated",
            "message thread not found",
            "topic_closed",
            "chat_write_forbidden",
            "need administrator rights",
            "group chat was upgraded",
            "bot is not a member");

    private final String token;

    TelegramFailures(String token) {
        this.token = token;
    }

    /**
     * Telegram's answer, when there was one.
     *
     * @param migrateTo the supergroup a group became, when the call went to the group's old id
     */
    record Answer(int code, String description, Integer retryAfter, Long migrateTo) {
        boolean notModified() {
            return code == 400 && description.contains("message is not modified");
        }

        boolean badEntities() {
            return code == 400 && description.contains("can't parse entities");
        }
    }

    /** The API's answer inside the exception, or null when the call failed before one arrived. */
    static Answer answer(TelegramApiException e) {
        if (e instanceof TelegramApiRequestException r && r.getErrorCode() != null && r.getErrorCode() > 0) {
            Integer retry = r.getParameters() == null ? null : r.getParameters().getRetryAfter();
            Long migrateTo =
                    r.getParameters() == null ? null : r.getParameters().getMigrateToChatId();
            return new Answer(r.getErrorCode(), r.getApiResponse() == null ? "" : r.getApiResponse(), retry, migrateTo);
        }
        return null;
    }

    /** Maps a failed call to the contract's kinds; {@code operation} names what was attempted. */
    PlatformException toPlatform(TelegramApiException e, String operation) {
        Answer a = answer(e);
        if (a == null) {
            return PlatformException.failed("Telegram " + operation + " failed: " + describe(e), null);
        }
        String description = scrub(a.description());
        if (a.code() == 429) {
            long seconds = a.retryAfter() == null ? 1 : Math.max(1, a.retryAfter());
            return PlatformException.rateLimited(
                    Duration.ofSeconds(seconds), "Telegram flood control on " + operation + ": " + description);
        }
        String lower = description.toLowerCase(Locale.ROOT);
        if (a.code() == 400 && MESSAGE_GONE.stream().anyMatch(lower::contains)) {
            return PlatformException.messageGone("Telegram refused " + operation + ": " + description, null);
        }
        if (a.code() == 403 || GONE.stream().anyMatch(lower::contains)) {
            return PlatformException.gone("Telegram refused " + operation + ": " + description, null);
        }
        return PlatformException.failed("Telegram refused " + operation + " (" + a.code() + "): " + description, null);
    }

    /** The exception and its causes as one line, without the token. */
    String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 500; t = t.getCause()) {
            if (!b.isEmpty()) {
                b.append(" <- ");
            }
            b.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                b.append(": ").append(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return scrub(b.toString());
    }

    String scrub(String text) {
        return token.isEmpty() ? text : text.replace(token, "<token>");
    }

    /** Whether the call failed because this thread was interrupted (the reply was cancelled). */
    static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
