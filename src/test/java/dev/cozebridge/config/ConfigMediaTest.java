package dev.cozebridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cozebridge.core.Attachment;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bots[].media}, {@code bots[].conversation.scope} and {@code bots[].edit_window}. */
class ConfigMediaTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("COZE_API_TOKEN", "pat_x")::get);

    private BotSettings bot(String extra) throws ConfigException {
        return loader.load(Path.of("bots.yml"), new StringReader("""
                        bots:
                          - name: demo
                            coze: {bot_id: "7400000000000000001"}
                        """ + extra))
                .bot("demo")
                .orElseThrow();
    }

    @Test
    void defaultsWhenNotConfigured() throws Exception {
        BotSettings bot = bot("");
        assertThat(bot.media()).isEqualTo(BotSettings.MediaSettings.DEFAULT);
        assertThat(bot.media().maxBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(bot.media().maxFiles()).isEqualTo(10);
        assertThat(bot.media().kinds()).containsExactlyInAnyOrder(Attachment.Kind.values());
        assertThat(bot.scope()).isEqualTo(BotSettings.Scope.CHANNEL);
        assertThat(bot.editWindow()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void readsTheMediaAndConversationKeys() throws Exception {
        BotSettings bot = bot("""
                    media:
                      max_bytes: 8MB
                      max_files: 4
                      kinds: [image, audio]
                      album_window: 800ms
                    conversation:
                      scope: user
                    edit_window: 2m
                """);
        assertThat(bot.media().maxBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(bot.media().maxFiles()).isEqualTo(4);
        assertThat(bot.media().kinds()).containsExactlyInAnyOrder(Attachment.Kind.IMAGE, Attachment.Kind.AUDIO);
        assertThat(bot.media().albumWindow()).isEqualTo(Duration.ofMillis(800));
        assertThat(bot.scope()).isEqualTo(BotSettings.Scope.USER);
        assertThat(bot.editWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(bot("""
                            media: {max_bytes: 512KB}
                        """).media().maxBytes()).isEqualTo(512 * 1024);
    }

    @Test
    void badValuesAreNamedWithTheirPath() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> bot("""
                    media:
                      max_bytes: lots
                      max_files: 0
                      kinds: [image, gif]
                      size: 3
                    conversation:
                      scope: everyone
                    edit_window: soon
                """));
        assertThat(String.join("\n", e.problems()))
                .contains("bots[0].media.max_bytes")
                .contains("bots[0].media.max_files")
                .contains("bots[0].media.kinds: use image, file, audio or video, not 'gif'")
                .contains("bots[0].media.size")
                .contains("bots[0].conversation.scope: use channel or user, not 'everyone'")
                .contains("bots[0].edit_window");
    }
}
