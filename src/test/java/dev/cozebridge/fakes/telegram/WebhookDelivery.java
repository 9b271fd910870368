package dev.cozebridge.fakes.telegram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Telegram's side of a webhook: while one is set, pending updates are POSTed, oldest first, to the webhook URL
 * with the {@code X-Telegram-Bot-Api-Secret-Token} header; an update answered 2xx is done, anything else (or no
 * answer) is delivered again after {@code retry}. The public HTTPS URL is resolved through the reverse proxy
 * the test sets up ({@link FakeTelegram#reverseProxy}), which forwards to local plain-HTTP instances in turn.
 */
final class WebhookDelivery implements Runnable {

    private final FakeTelegram t;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    WebhookDelivery(FakeTelegram fake) {
        this.t = fake;
    }

    @Override
    public void run() {
        while (true) {
            ObjectNode update;
            FakeTelegram.Webhook hook;
            String target;
            boolean twice;
            t.lock.lock();
            try {
                while (!t.closed && (t.webhook == null || t.pending.isEmpty())) {
                    t.updatesArrived.await(1, TimeUnit.SECONDS);
                }
                if (t.closed) {
                    return;
                }
                hook = t.webhook;
                update = t.pending.firstEntry().getValue();
                target = t.proxyTarget(hook.url());
                twice = t.duplicateDeliveries > 0;
                if (twice) {
                    t.duplicateDeliveries--;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                t.lock.unlock();
            }
            int status = post(target, hook, update);
            if (twice && status / 100 == 2) {
                // as when Telegram did not get our 2xx in time: the same update comes again
                status = post(t.proxyTarget(hook.url()), hook, update);
            }
            t.lock.lock();
            try {
                int id = update.get("update_id").asInt();
                if (status / 100 == 2 && t.webhook == hook) {
                    t.pending.remove(id);
                    t.delivered.add(update);
                    t.deliveries.merge(id, 1, Integer::sum);
                } else if (!t.closed) {
                    t.updatesArrived.await(t.settings.webhookRetry().toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                t.lock.unlock();
            }
        }
    }

    private int post(String target, FakeTelegram.Webhook hook, ObjectNode update) {
        int id = update.get("update_id").asInt();
        int status;
        if (target == null) {
            status = 0;
        } else {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(update.toString()));
            if (hook.secret() != null) {
                request.header("X-Telegram-Bot-Api-Secret-Token", hook.secret());
            }
            try {
                status = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 0;
            }
        }
        t.lock.lock();
        try {
            t.webhookAttempts.add(new FakeTelegram.WebhookAttempt(id, target, status));
        } finally {
            t.lock.unlock();
        }
        return status;
    }
}
