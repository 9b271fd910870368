package dev.cozebridge.fakes.coze;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One {@code POST /api/permission/oauth2/token}.
 *
 * @param jwtHeader     the decoded JWT header, or null when the bearer was not a JWT
 * @param jwtClaims     the decoded JWT claims, or null
 * @param body          the JSON body
 * @param errorCode     the OAuth {@code error_code} returned, or null when a token was issued
 * @param accessToken   the issued token, or null
 */
public record RecordedTokenRequest(
        JsonNode jwtHeader, JsonNode jwtClaims, JsonNode body, String errorCode, String accessToken) {}
