package dev.cozebridge.platform.discord;

import dev.cozebridge.config.BotSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.discord.FakeDiscord;
import java.time.Duration;

/** Bot settings pointing the real JDA at a {@link FakeDiscord}. */
final class DiscordTestBots {
    private DiscordTestBots() {}

    static BotSettings bot(FakeDiscord discord, boolean threadPerConversation) {
        return bot(discord, discord.token(), threadPerConversation);
    }

    static BotSettings bot(FakeDiscord discord, String token, boolean threadPerConversation) {
        return TestSettings.bot("helper")
                .discord(new BotSettings.DiscordSettings(
                        new Secret(token),
                        discord.apiUrl(),
                        discord.gatewayUrl(),
                        threadPerConversation,
                        Duration.ofMillis(200)))
                .build();
    }
}
