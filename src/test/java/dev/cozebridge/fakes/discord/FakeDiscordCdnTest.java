package dev.cozebridge.fakes.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attachments on the fake's CDN are served only under the signed URL their message carried (§3.1). */
class FakeDiscordCdnTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeDiscord discord = FakeDiscord.start();

    @AfterEach
    void stop() {
        discord.close();
    }

    private HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theSignedUrlServesTheBytesAndATamperedOneIsGone() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2};
        String message = discord.post(discord.alice(), discord.general(), "look", FakeAttachment.png("a.png", png));
        List<String> urls = discord.attachmentUrls(message);
        String url = urls.getFirst();
        assertThat(url).matches(".*/attachments/\\d+/\\d+/a\\.png\\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=[0-9a-f]{64}&");

        HttpResponse<byte[]> ok = get(url);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(png);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("image/png");

        assertThat(get(url.replaceAll("hm=[0-9a-f]{4}", "hm=0000")).statusCode())
                .isEqualTo(404);
        assertThat(get(url.replaceAll("ex=[0-9a-f]+", "ex=1")).statusCode()).isEqualTo(404);
        assertThat(get(url.substring(0, url.indexOf('?'))).statusCode()).isEqualTo(404);
        assertThat(discord.cdnDownloads()).hasSize(1);
    }
}
