package dev.cozebridge.fakes.discord;

/** A user of the fake guild; {@code globalName} is the display name Discord shows. */
public record FakeUser(String id, String username, String globalName, boolean bot) {
    public String mention() {
        return "<@" + id + ">";
    }
}
