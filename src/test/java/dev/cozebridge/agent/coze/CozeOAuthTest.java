package dev.cozebridge.agent.coze;

import static dev.cozebridge.agent.coze.CozeTestSupport.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cozebridge.agent.AgentEvent;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.config.CozeSettings;
import dev.cozebridge.config.Secret;
import dev.cozebridge.core.FailureKind;
import dev.cozebridge.fakes.ManualClock;
import dev.cozebridge.fakes.TestSettings;
import dev.cozebridge.fakes.coze.FakeCoze;
import dev.cozebridge.fakes.coze.OAuthKeys;
import dev.cozebridge.fakes.coze.RecordedChat;
import dev.cozebridge.fakes.coze.RecordedRequest;
import dev.cozebridge.fakes.coze.RecordedTokenRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OAuth JWT service app: minting, caching, early refresh on a controlled clock, re-mint on rejection, replay. */
class CozeOAuthTest {
    private static final OAuthKeys KEYS = OAuthKeys.generate();
    private static final Duration TTL = Duration.ofSeconds(100);

    private final ManualClock clock = new ManualClock(Instant.now());
    private final FakeCoze fake = FakeCoze.start().enableOAuth(KEYS).clock(clock);

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private CozeSettings oauthSettings(OAuthKeys keys) {
        return TestSettings.coze(fake.baseUrl())
                .oauth(new CozeSettings.OAuthSettings(
                        keys.appId(), keys.keyId(), new Secret(keys.privateKeyPem()), TTL))
                .build();
    }

    private AgentEvent chat(CozeClient client) {
        EventRecorder events = new EventRecorder();
        client.start(ask("hi"), events);
        return events.awaitTerminal(Duration.ofSeconds(10));
    }

    @Test
    void mintsAWellFormedJwtOnceAndReusesTheToken() {
        try (CozeClient client = new CozeClient(oauthSettings(KEYS), clock)) {
            assertThat(chat(client)).isEqualTo(new AgentEvent.Finished());
            assertThat(chat(client)).isEqualTo(new AgentEvent.Finished());

            assertThat(fake.tokenRequests()).hasSize(1);
            RecordedTokenRequest minted = fake.tokenRequests().getFirst();
            assertThat(minted.errorCode()).isNull();
            JsonNode header = minted.jwtHeader();
            JsonNode claims = minted.jwtClaims();
            assertThat(header.get("alg").asText()).isEqualTo("RS256");
            assertThat(header.get("kid").asText()).isEqualTo(KEYS.keyId());
            assertThat(claims.get("iss").asText()).isEqualTo(KEYS.appId());
            assertThat(claims.get("aud").asText()).isEqualTo(fake.host());
            assertThat(claims.get("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
            assertThat(claims.get("exp").asLong())
                    .isGreaterThan(claims.get("iat").asLong());
            assertThat(claims.get("jti").asText()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(minted.body().get("duration_seconds").asLong()).isEqualTo(100);
            assertThat(minted.body().get("grant_type").asText())
                    .isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
            assertThat(fake.chats())
                    .extracting(RecordedChat::authorization)
                    .containsOnly("Bearer " + minted.accessToken());
            assertThat(minted.accessToken()).startsWith("czs_");
        }
    }

    @Test
    void refreshesShortlyBeforeTheAbsoluteExpiry() {
        try (CozeClient client = new CozeClient(oauthSettings(KEYS), clock)) {
            chat(client);
            clock.advance(Duration.ofSeconds(70)); // 30 s left, more than the 20 s margin of a 100 s token
            chat(client);
            assertThat(fake.tokenRequests()).hasSize(1);

            clock.advance(Duration.ofSeconds(11)); // 19 s left: refresh before Coze would reject it
            assertThat(chat(client)).isEqualTo(new AgentEvent.Finished());

            List<RecordedTokenRequest> minted = fake.tokenRequests();
            assertThat(minted).hasSize(2);
            assertThat(minted.get(1).accessToken()).isNotEqualTo(minted.get(0).accessToken());
            assertThat(minted.get(1).jwtClaims().get("jti").asText())
                    .isNotEqualTo(minted.get(0).jwtClaims().get("jti").asText());
            assertThat(fake.chats().getLast().authorization())
                    .isEqualTo("Bearer " + minted.get(1).accessToken());
            assertThat(fake.chats()).extracting(RecordedChat::rejectedCode).containsOnly(0);
        }
    }

    @Test
    void mintsAFreshTokenOnceWhenCozeRejectsTheCachedOne() {
        try (CozeClient client = new CozeClient(oauthSettings(KEYS), clock)) {
            chat(client);
            fake.revokeAccessTokens();

            assertThat(chat(client)).isEqualTo(new AgentEvent.Finished());

            assertThat(fake.tokenRequests()).hasSize(2);
            assertThat(fake.chats()).extracting(RecordedChat::rejectedCode).containsExactly(0, 700012006, 0);
        }
    }

    @Test
    void concurrentChatsShareOneMint() {
        try (CozeClient client = new CozeClient(oauthSettings(KEYS), clock)) {
            List<EventRecorder> runs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                EventRecorder events = new EventRecorder();
                runs.add(events);
                client.start(ask("q" + i), events);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> runs.stream().allMatch(r -> !r.terminals().isEmpty()));

            assertThat(runs).allMatch(r -> r.terminals().equals(List.of(new AgentEvent.Finished())));
            assertThat(fake.tokenRequests()).hasSize(1);
        }
    }

    @Test
    void aJwtSignedWithTheWrongKeyIsATypedFailure() {
        OAuthKeys stranger = OAuthKeys.generate();
        OAuthKeys forged = new OAuthKeys(KEYS.appId(), KEYS.keyId(), stranger.privateKeyPem(), stranger.publicKey());
        try (CozeClient client = new CozeClient(oauthSettings(forged), clock)) {
            AgentEvent terminal = chat(client);

            AgentFailure failure = ((AgentEvent.Failed) terminal).failure();
            assertThat(failure.kind()).isEqualTo(FailureKind.INVALID_TOKEN);
            assertThat(failure.code()).isEqualTo(401);
            assertThat(failure.message()).contains("invalid_client");
            assertThat(fake.chats()).isEmpty();
        }
    }

    @Test
    void theFakeRejectsAReplayedJwt() throws Exception {
        try (CozeClient client = new CozeClient(oauthSettings(KEYS), clock)) {
            chat(client);
        }
        RecordedRequest exchange = fake.requests().stream()
                .filter(r -> r.path().equals("/api/permission/oauth2/token"))
                .findFirst()
                .orElseThrow();

        HttpResponse<String> replay = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder()
                                .uri(URI.create(fake.baseUrl() + "/api/permission/oauth2/token"))
                                .header("Authorization", exchange.headers().get("authorization"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(exchange.bodyText()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("\"error_code\":\"invalid_client\"");
        assertThat(fake.tokenRequests().getLast().errorCode()).isEqualTo("invalid_client");
    }

    @Test
    void aPkcs1KeyIsRejectedAtStartWithAFixAndWithoutTheKey() {
        String body = KEYS.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
        OAuthKeys pkcs1 = new OAuthKeys(
                KEYS.appId(),
                KEYS.keyId(),
                "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n",
                KEYS.publicKey());

        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new CozeClient(oauthSettings(pkcs1), clock));

        assertThat(e.getMessage()).contains("PKCS#8").doesNotContain(body);
    }
}
