package dev.cozebridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code discord.shards}: which gateway shards this instance runs, checked before anything connects. */
class ShardsConfigTest {
    private final ConfigLoader loader =
            new ConfigLoader(Map.of("COZE_API_TOKEN", "pat_x", "DISCORD_BOT_TOKEN", "discord-secret")::get);

    @Test
    void withoutTheKeyTheInstanceRunsWhatDiscordRecommends() throws Exception {
        assertThat(discord("").shards()).isNull();
    }

    @Test
    void totalAndIdsNameThisInstancesShards() throws Exception {
        BotSettings.DiscordSettings discord = discord("shards: {total: 4, ids: [3, 1]}");
        assertThat(discord.shards().total()).isEqualTo(4);
        assertThat(discord.shards().ids()).containsExactly(1, 3);
        assertThat(discord("shards: {total: 1, ids: [0]}").shards().ids()).containsExactly(0);
    }

    @Test
    void aTotalBelowOneAndIdsOutsideItAreRefusedWithTheirPath() {
        assertThat(problems("shards: {total: 0, ids: [0]}"))
                .containsExactly("bots[0].discord.shards.total: must be between 1 and 100000, not 0");
        assertThat(problems("shards: {total: 2, ids: [0, 2, -1, x]}"))
                .containsExactly(
                        "bots[0].discord.shards.ids[1]: must be a shard id from 0 to 1 (shards.total is 2), not '2'",
                        "bots[0].discord.shards.ids[2]: must be a shard id from 0 to 1 (shards.total is 2), not '-1'",
                        "bots[0].discord.shards.ids[3]: must be a shard id from 0 to 1 (shards.total is 2), not 'x'");
    }

    @Test
    void idsMustBeDistinctAndPresentAndTheTotalIsRequired() {
        assertThat(problems("shards: {total: 3, ids: [1, 1]}"))
                .containsExactly("bots[0].discord.shards.ids[1]: shard 1 is listed twice");
        assertThat(problems("shards: {total: 3, ids: []}"))
                .containsExactly("bots[0].discord.shards.ids: required: the shard ids this instance runs, e.g. [0]; "
                        + "each id in exactly one instance");
        assertThat(problems("shards: {ids: [0]}"))
                .containsExactly("bots[0].discord.shards.total: required: the number of shards across all instances "
                        + "(the same in every instance)");
        assertThat(problems("shards: {total: 2, ids: [0], count: 2}"))
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("bots[0].discord.shards.count: "));
    }

    private BotSettings.DiscordSettings discord(String shards) throws ConfigException {
        return load(shards).bots().getFirst().discord();
    }

    private java.util.List<String> problems(String shards) {
        return catchThrowableOfType(ConfigException.class, () -> load(shards)).problems();
    }

    private BridgeConfig load(String shards) throws ConfigException {
        String yaml = """
                bots:
                  - name: demo
                    coze: {bot_id: "1"}
                    discord:
                      token_env: DISCORD_BOT_TOKEN
                """ + (shards.isEmpty() ? "" : "      " + shards + "\n");
        return loader.load(Path.of("bots.yml"), new StringReader(yaml));
    }
}
