package dev.cozebridge.platform.telegram;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.config.BotSettings;
import dev.cozebridge.core.BridgeMetrics;
import dev.cozebridge.platform.WebhookReceiver;
import dev.cozebridge.store.DeliveryLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The receiving end of a Telegram webhook. A request must carry the secret token set with setWebhook, compared
 * in constant time before the body is even parsed (401 otherwise); an update id taken before, here or by another
 * instance, is answered 200 and dropped; anything else is handed to {@link TelegramInbound} and answered 200 only
 * once the core has stored it, because Telegram never redelivers an update it got a 2xx for.
 */
final class TelegramWebhook implements WebhookReceiver.Handler {

    private static final Logger log = LoggerFactory.getLogger(TelegramWebhook.class);
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    /** Telegram gives up redelivering long before this; older ledger rows only cost space. */
    private static final Duration LEDGER_KEEP = Duration.ofDays(1);

    private final String bot;
    private final BotSettings.WebhookSettings settings;
    private final DeliveryLedger ledger;
    private final Clock clock;
    private final BridgeMetrics metrics;
    private final byte[] secret;
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private volatile TelegramInbound inbound;
    private long deliveries;

    TelegramWebhook(
            String bot,
            BotSettings.WebhookSettings settings,
            DeliveryLedger ledger,
            Clock clock,
            BridgeMetrics metrics) {
        this.bot = bot;
        this.settings = settings;
        this.ledger = ledger;
        this.clock = clock;
        this.metrics = metrics;
        this.secret = settings.secret().reveal().getBytes(StandardCharsets.UTF_8);
    }

    WebhookReceiver.Webhook route() {
        return new WebhookReceiver.Webhook(settings.path(), this);
    }

    /** What setWebhook tells Telegram: every instance sends the same, so it is idempotent. */
    SetWebhook registration(List<String> allowedUpdates) {
        return SetWebhook.builder()
                .url(settings.url())
                .secretToken(settings.secret().reveal())
                .allowedUpdates(allowedUpdates)
                .build();
    }

    /** Starts handing updates to {@code target}; until then deliveries get 503 and Telegram retries them. */
    void open(TelegramInbound target) {
        this.inbound = target;
    }

    void close() {
        this.inbound = null;
    }

    @Override
    public int handle(Function<String, String> header, byte[] body) {
        String given = header.apply(SECRET_HEADER);
        if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            log.warn("Telegram webhook of bot {}: a request without the right secret token was refused", bot);
            return 401;
        }
        TelegramInbound target = inbound;
        if (target == null) {
            return 503;
        }
        Update update;
        try {
            update = json.readValue(body, Update.class);
        } catch (IOException e) {
            log.warn("Telegram webhook of bot {}: an update that is not valid JSON was refused", bot);
            return 400;
        }
        if (update.getUpdateId() == null) {
            log.warn("Telegram webhook of bot {}: an update without update_id was refused", bot);
            return 400;
        }
        String id = update.getUpdateId().toString();
        if (!ledger.firstDelivery("telegram:" + bot, id, clock.instant())) {
            log.debug("Telegram webhook of bot {}: update {} was delivered before; dropped", bot, id);
            metrics.redeliveryDropped(bot, "telegram");
            return 200;
        }
        try {
            target.deliver(update);
        } catch (RuntimeException e) {
            // not stored: take it out of the ledger again and let Telegram redeliver it
            log.error("Telegram webhook of bot {}: update {} could not be handled; Telegram will retry", bot, id, e);
            try {
                ledger.forget("telegram:" + bot, id);
            } catch (RuntimeException again) {
                log.error(
                        "Telegram webhook of bot {}: update {} is lost: the ledger cannot be updated", bot, id, again);
            }
            return 500;
        }
        pruneNowAndThen();
        return 200;
    }

    private void pruneNowAndThen() {
        if (++deliveries % 1_000 == 0) {
            try {
                ledger.forgetBefore(clock.instant().minus(LEDGER_KEEP));
            } catch (RuntimeException e) {
                log.debug("pruning the delivery ledger failed: {}", e.getMessage());
            }
        }
    }
}
