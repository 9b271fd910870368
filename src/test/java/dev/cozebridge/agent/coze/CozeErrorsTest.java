package dev.cozebridge.agent.coze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cozebridge.agent.AgentFailure;
import dev.cozebridge.core.FailureKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class CozeErrorsTest {
    private final CozeErrors errors = new CozeErrors(new ObjectMapper());

    @Test
    void takesTheLogIdFromTheBodyWhenTheHeaderIsMissing() {
        AgentFailure failure = errors.fromResponse(
                200,
                "application/json",
                "{\"code\":4101,\"msg\":\"The token you entered is incorrect.\",\"detail\":{\"logid\":\"2026ABC\"}}",
                null);

        assertThat(failure)
                .isEqualTo(new AgentFailure(
                        FailureKind.INVALID_TOKEN, 4101, "HTTP 200: The token you entered is incorrect.", "2026ABC"));
    }

    @Test
    void theHeaderLogIdWins() {
        assertThat(errors.fromResponse(
                                401,
                                "application/json",
                                "{\"code\":4100,\"msg\":\"authentication is invalid\",\"detail\":{\"logid\":\"BODY\"}}",
                                "HEADER")
                        .logId())
                .isEqualTo("HEADER");
    }

    @Test
    void aNonJsonGatewayPageFallsBackToTheHttpStatus() {
        AgentFailure failure = errors.fromResponse(
                504, "text/html", "<html>\n<head><title>504 Gateway Time-out</title></head></html>", "L");

        assertThat(failure.kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(failure.code()).isEqualTo(504);
        assertThat(failure.message()).startsWith("HTTP 504 text/html: <html> <head>");
    }

    @Test
    void aPlainText400IsABadRequest() {
        assertThat(errors.fromResponse(400, "text/plain", "bad request", null).kind())
                .isEqualTo(FailureKind.BAD_REQUEST);
    }

    @Test
    void aSuccessEnvelopeWhereAStreamWasExpectedIsMalformed() {
        assertThat(errors.fromResponse(200, "application/json", "{\"code\":0,\"msg\":\"\",\"data\":{}}", null)
                        .kind())
                .isEqualTo(FailureKind.MALFORMED_RESPONSE);
    }

    @Test
    void oauthErrorsAreTokenFailures() {
        AgentFailure failure = errors.fromResponse(
                401, "application/json", "{\"error_code\":\"invalid_client\",\"error_message\":\"bad JWT\"}", null);

        assertThat(failure.kind()).isEqualTo(FailureKind.INVALID_TOKEN);
        assertThat(failure.code()).isEqualTo(401);
    }

    @Test
    void classifiesIoFailures() {
        assertThat(CozeErrors.fromIo(new SocketTimeoutException("timeout"), true, null)
                        .kind())
                .isEqualTo(FailureKind.TIMEOUT);
        assertThat(CozeErrors.fromIo(new ConnectException("refused"), false, null)
                        .kind())
                .isEqualTo(FailureKind.CONNECTION);
        assertThat(CozeErrors.fromIo(new IOException("unexpected end of stream"), true, "L")
                        .kind())
                .isEqualTo(FailureKind.STREAM_CUT);
    }
}
