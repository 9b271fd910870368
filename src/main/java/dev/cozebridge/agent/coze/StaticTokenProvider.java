package dev.cozebridge.agent.coze;

import dev.cozebridge.config.Secret;

/** A personal access token: the same bearer for every call. */
final class StaticTokenProvider implements TokenProvider {
    private final Secret token;

    StaticTokenProvider(Secret token) {
        this.token = token;
    }

    @Override
    public String bearer() {
        return token.reveal();
    }

    @Override
    public void invalidate(String bearer) {
        // a PAT cannot be renewed; the failure goes to the caller
    }

    @Override
    public boolean renewable() {
        return false;
    }

    @Override
    public String toString() {
        return "StaticTokenProvider[****]";
    }
}
