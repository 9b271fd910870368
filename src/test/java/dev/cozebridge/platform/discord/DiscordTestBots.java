package dev.cozebridge.platform.discord;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.core.BotLocale;
import dev.cozebridge.fakes.discord.FakeDiscord;
import java.time.Duration;
import java.util.Map;

/** Bot settings pointing the real JDA at a {@link FakeDiscord}. */
final class DiscordTestBots {
    private DiscordTestBots() {}

    static BotSettings bot(FakeDiscord discord, boolean threadPerConversation) {
        return bot(discord, discord.token(), threadPerConversation);
    }

    static BotSettings bot(FakeDiscord discord, String token, boolean threadPerConversation) {
        return new BotSettings(
                "helper",
                "7400000000000000001",
                null,
                Map.of(),
                false,
                BotLocale.EN,
                BotSettings.HistorySettings.DEFAULT,
                BotSettings.AccessSettings.DEFAULT,
                new BotSettings.DiscordSettings(
                        new Secret(token),
                        discord.apiUrl(),
                        discord.gatewayUrl(),
                        threadPerConversation,
                        Duration.ofMillis(200)),
                null);
    }
}
