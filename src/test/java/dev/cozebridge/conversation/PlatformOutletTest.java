package dev.cozebridge.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cozebridge.fakes.RecordingMetrics;
import dev.cozebridge.fakes.RecordingPlatform;
import dev.cozebridge.platform.PlatformLimits;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each channel is paced at the gap its platform names for it, before the core picks the text to write. */
class PlatformOutletTest {

    @Test
    void aChannelThePlatformPacesSlowerGetsItsOwnGap() {
        RecordingPlatform platform = new RecordingPlatform(
                "helper",
                "test",
                new PlatformLimits(4096, Duration.ofMillis(200), Duration.ofSeconds(1), null),
                Clock.systemUTC());
        platform.slowChannel("-1001", Duration.ofSeconds(3));
        PlatformOutlet outlet = new PlatformOutlet(platform, Clock.systemUTC(), Sleeper.SYSTEM, new RecordingMetrics());

        assertThat(outlet.pacer("-1001").interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(outlet.pacer("555").interval()).isEqualTo(Duration.ofSeconds(1));
    }
}
